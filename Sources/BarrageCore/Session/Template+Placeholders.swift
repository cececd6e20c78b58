extension Template {
    /// One piece of a template's source text, as ``scan(_:_:)`` finds them.
    enum SourcePart {
        /// Text outside `${...}`, as written.
        case text(Substring)
        /// `$${`: a literal `${`.
        case escaped
        /// `${NAME}`: the text between the braces.
        case variable(Substring)
        /// A `${` without its `}`: the rest of the text, from that `$`.
        case unclosed(Substring)
    }

    /// Walks `text` piece by piece, in order.
    static func scan<E: Error>(_ text: String, _ visit: (SourcePart) throws(E) -> Void) throws(E) {
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            if dollar > rest.startIndex { try visit(.text(rest[..<dollar])) }
            let after = rest[dollar...].dropFirst()
            if after.hasPrefix("${") {
                try visit(.escaped)
                rest = after.dropFirst(2)
            } else if after.hasPrefix("{") {
                guard let close = after.firstIndex(of: "}") else {
                    try visit(.unclosed(rest[dollar...]))
                    return
                }
                try visit(.variable(after[after.index(after: after.startIndex)..<close]))
                rest = after[after.index(after: close)...]
            } else {
                try visit(.text(rest[dollar..<after.startIndex]))
                rest = after
            }
        }
        if !rest.isEmpty { try visit(.text(rest)) }
    }

    /// `text` with every `${...}` replaced by `x` (and `$${` by `$`): a templated URL in a shape
    /// URL parsers accept, for the checks on its scheme, host and port, which templates never
    /// change (the scenario loader refuses variables there).
    public static func withPlaceholders(_ text: String) -> String {
        var result = ""
        scan(text) { (part: SourcePart) in
            switch part {
            case .text(let literal): result += literal
            case .escaped: result += "$"
            case .variable: result += "x"
            case .unclosed(let rest): result += rest
            }
        }
        return result
    }
}
