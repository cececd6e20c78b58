/// Makes text taken from a file safe to print as part of one line of an error message.
///
/// Scenario and agents files may quote any character, and their errors repeat the offending key
/// or value. A newline in it would break the one-line promise of exit code 2; an escape sequence
/// would reach the terminal raw. So line breaks, tabs and other control characters become
/// visible escapes (`\n`, `\t`, `\u{1B}`).
enum OneLineText {
    /// `text` with every control character, line separator and paragraph separator escaped.
    static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where needsEscape(scalar): result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }
}
