/// Text of any origin (a request name, a check, a note from a peer) made safe inside HTML element
/// content or a quoted attribute value.
///
/// It works on Unicode scalars, never on `Character`s: a grapheme such as U+0600 followed by `<`
/// is one `Character` that equals no `"<"`, so a Character-based escaper lets that `<` through.
public enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` as character references and control characters
    /// (other than tab and newline) dropped.
    public static func escape(_ text: String) -> String {
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped.append(contentsOf: "&amp;".unicodeScalars)
            case "<": escaped.append(contentsOf: "&lt;".unicodeScalars)
            case ">": escaped.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": escaped.append(contentsOf: "&quot;".unicodeScalars)
            case "'": escaped.append(contentsOf: "&#39;".unicodeScalars)
            case "\t", "\n": escaped.append(scalar)
            default:
                guard !PeerText.isControl(scalar) else { continue }
                escaped.append(scalar)
            }
        }
        return String(escaped)
    }
}
