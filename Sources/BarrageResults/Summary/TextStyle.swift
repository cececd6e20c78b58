import BarrageCore

/// ANSI styling for the summary, applied only when color is on (k6's `decorate` and palette).
///
/// Widths are always measured on the undecorated text, so turning color on never changes the layout.
struct TextStyle: Sendable {
    /// SGR codes, as in k6's summary palette.
    enum Code: Int, Sendable {
        case faint = 2
        case red = 31
        case green = 32
        case cyan = 36
    }

    var enabled: Bool

    /// `text` wrapped in the escape sequences for `codes`, or `text` unchanged when color is off.
    func apply(_ text: String, _ codes: Code...) -> String {
        guard enabled, !codes.isEmpty, !text.isEmpty else { return text }
        let parameters = codes.map { String($0.rawValue) }.joined(separator: ";")
        return "\u{1B}[\(parameters)m\(text)\u{1B}[0m"
    }
}
