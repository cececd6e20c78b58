/// Text of any origin (a name read from a journal, a peer's note) made safe to print on a terminal.
///
/// Raw, such text could move the cursor, retitle the window or write to the clipboard (ESC and C1
/// sequences), forge a line (CR, LF), or reorder what the operator reads (the Unicode bidi
/// embeddings, overrides and isolates, "Trojan Source"). Each of those scalars becomes a visible
/// escape. It works on Unicode scalars, never on `Character`s, which can fold a control character
/// into a grapheme with what precedes it.
public enum TerminalText {
    /// `text` with line breaks and tabs as `\n`, `\r`, `\t` and every other unsafe scalar as
    /// `\u{XX}` (upper-case hex).
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": escaped.append(contentsOf: #"\n"#.unicodeScalars)
            case "\r": escaped.append(contentsOf: #"\r"#.unicodeScalars)
            case "\t": escaped.append(contentsOf: #"\t"#.unicodeScalars)
            case _ where isUnsafe(scalar): escaped.append(contentsOf: visible(scalar).unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    /// Whether `scalar` must not reach a terminal raw: a control character (C0, DEL, C1), a line or
    /// paragraph separator, or a bidi formatting character (U+061C, U+200E, U+200F, U+202A-U+202E,
    /// U+2066-U+2069).
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// `\u{1B}`: the escape shown in place of `scalar`.
    static func visible(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }
}
