import BarrageCore

/// ``TerminalText/escape(_:)``: no C0, DEL, C1, line or paragraph separator or bidi formatting
/// scalar in the output, and text without any of them comes back unchanged.
enum TerminalTextCheck {
    static func check(_ text: String) {
        let escaped = TerminalText.escape(text)
        for scalar in escaped.unicodeScalars {
            precondition(!ControlScalars.isControl(scalar) && !ControlScalars.isBidi(scalar), "U+\(scalar.value) in \(escaped.debugDescription)")
        }
        if !text.unicodeScalars.contains(where: { ControlScalars.isControl($0) || ControlScalars.isBidi($0) }) {
            precondition(Array(escaped.unicodeScalars) == Array(text.unicodeScalars), "safe text changed: \(escaped.debugDescription)")
        }
    }
}
