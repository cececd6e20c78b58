extension Template {
    /// `text` with every `${...}` replaced by `x` (and `$${` by `$`): a templated URL in a shape
    /// URL parsers accept, for the checks on its scheme, host and port, which templates never
    /// change (the scenario loader refuses variables there).
    public static func withPlaceholders(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            let after = rest[dollar...].dropFirst()
            if after.hasPrefix("${") {
                result += "$"
                rest = after.dropFirst(2)
            } else if after.hasPrefix("{"), let close = after.firstIndex(of: "}") {
                result += "x"
                rest = after[after.index(after: close)...]
            } else {
                result += "$"
                rest = after
            }
        }
        return result + rest
    }
}
