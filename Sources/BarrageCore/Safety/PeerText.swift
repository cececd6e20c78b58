/// Text that came from a peer (a frame, a file), made safe to log or print.
///
/// A peer's string may hold a newline (forging a second log line), ANSI escapes (rewriting the
/// operator's terminal) or megabytes of text. ``escape(_:limit:)`` turns every scalar that
/// ``TerminalText`` finds unsafe (C0, DEL, C1, the line and paragraph separators, bidi controls)
/// into a visible `\u{..}` escape, keeps backslashes unambiguous, and cuts the result to `limit`
/// scalars.
public enum PeerText {
    /// The default longest text shown, in characters.
    public static let defaultLimit = 300

    /// `text` with control characters escaped, cut to `limit` characters (then `...`).
    public static func escape(_ text: String, limit: Int = defaultLimit) -> String {
        var escaped = ""
        var count = 0
        for scalar in text.unicodeScalars {
            guard count < limit else {
                escaped += "..."
                break
            }
            if TerminalText.isUnsafe(scalar) {
                escaped += "\\u{\(String(scalar.value, radix: 16))}"
            } else if scalar == "\\" {
                escaped += "\\\\"
            } else {
                escaped.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return escaped
    }

    /// Whether `text` holds a character that must never reach a URL, header, method or log line
    /// raw: a control character (NUL, CR, LF, ESC, DEL, C1, U+2028/U+2029).
    public static func hasControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: isControl)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: return true
        default: return false
        }
    }
}
