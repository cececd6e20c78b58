import BarrageCore

/// ``PeerText/escape(_:limit:)``: no control or bidi scalar in the output, at most 10 scalars per
/// input scalar shown plus `...`, and the output is unambiguous: reading `\\` and `\u{..}` back
/// gives the first `limit` scalars of the input.
enum PeerTextCheck {
    static func check(_ text: String) {
        for limit in [0, 7, PeerText.defaultLimit, Int.max] {
            let escaped = Array(PeerText.escape(text, limit: limit).unicodeScalars)
            for scalar in escaped {
                precondition(!ControlScalars.isControl(scalar) && !ControlScalars.isBidi(scalar), "U+\(scalar.value) in \(escaped)")
            }
            let input = Array(text.unicodeScalars)
            let shown = min(limit, input.count)
            precondition(escaped.count <= shown * 10 + 3, "\(escaped.count) scalars for \(shown) shown")
            let cut = input.count > limit
            let body = cut ? escaped.dropLast(3) : escaped[...]
            if cut { precondition(escaped.suffix(3).elementsEqual("...".unicodeScalars), "cut without ...") }
            precondition(Self.unescaped(body) == Array(input.prefix(limit)), "not read back: \(String(String.UnicodeScalarView(escaped)).debugDescription)")
        }
    }

    /// `escaped` with `\\` and `\u{hex}` read back; nil if another backslash sequence occurs.
    static func unescaped(_ escaped: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar]? {
        var result: [Unicode.Scalar] = []
        var index = escaped.startIndex
        while index < escaped.endIndex {
            guard escaped[index] == "\\" else {
                result.append(escaped[index])
                index += 1
                continue
            }
            let rest = escaped[(index + 1)...]
            if rest.first == "\\" {
                result.append("\\")
                index += 2
            } else if rest.starts(with: "u{".unicodeScalars), let close = rest.firstIndex(of: "}"),
                      let value = UInt32(String(String.UnicodeScalarView(escaped[(index + 3)..<close])), radix: 16),
                      let scalar = Unicode.Scalar(value) {
                result.append(scalar)
                index = close + 1
            } else {
                return nil
            }
        }
        return result
    }
}
