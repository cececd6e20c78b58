/// Hides the user information (`user:password@`) of every URL in a text, so credentials given in
/// `--url` or a scenario never reach a name, the summary, the journal or the report.
///
/// Only what is shown or stored is redacted: the agents still get the URL as written.
public enum URLRedaction {
    /// What replaces the user information.
    public static let mask = "***"

    /// `text` with each `scheme://user:pass@host` made `scheme://***@host`; text without
    /// credentials comes back unchanged.
    public static func redact(_ text: String) -> String {
        guard text.contains("@"), text.contains("://") else { return text }
        var result = ""
        var rest = Substring(text)
        while let separator = rest.range(of: "://") {
            result += rest[..<separator.upperBound]
            let afterScheme = rest[separator.upperBound...]
            // The authority ends at the path, query or fragment (or whitespace, in free text).
            let authority = afterScheme.prefix { !"/?#".contains($0) && !$0.isWhitespace }
            if let at = authority.lastIndex(of: "@") {
                result += mask
                rest = afterScheme[at...]
            } else {
                rest = afterScheme
            }
        }
        return result + rest
    }
}
