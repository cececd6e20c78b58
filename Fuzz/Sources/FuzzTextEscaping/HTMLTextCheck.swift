import BarrageCore

/// ``HTMLText/escape(_:)``: the output holds no raw `<`, `>`, `"` or `'`; every `&` starts one of
/// the five references it writes; no control character but tab and newline; and undoing the five
/// references gives the input without its control characters (nothing lost, nothing added).
enum HTMLTextCheck {
    static let references: [(reference: String, scalar: Unicode.Scalar)] = [
        ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"),
    ]

    static func check(_ text: String) {
        let escaped = Array(HTMLText.escape(text).unicodeScalars)
        var decoded: [Unicode.Scalar] = []
        var index = 0
        while index < escaped.count {
            let scalar = escaped[index]
            precondition(!"<>\"'".unicodeScalars.contains(scalar), "raw \(scalar.escaped(asASCII: true)) in \(Self.shown(escaped))")
            precondition(!ControlScalars.isControl(scalar) || scalar == "\t" || scalar == "\n", "control \(scalar.value) in \(Self.shown(escaped))")
            if scalar == "&" {
                guard let match = references.first(where: { escaped[index...].starts(with: $0.reference.unicodeScalars) }) else {
                    preconditionFailure("an & that starts no reference in \(Self.shown(escaped))")
                }
                decoded.append(match.scalar)
                index += match.reference.unicodeScalars.count
            } else {
                decoded.append(scalar)
                index += 1
            }
        }
        let expected = text.unicodeScalars.filter { !ControlScalars.isControl($0) || $0 == "\t" || $0 == "\n" }
        precondition(decoded == Array(expected), "escaping changed the text: \(Self.shown(escaped))")
    }

    static func shown(_ scalars: [Unicode.Scalar]) -> String {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        return String(text).debugDescription
    }
}
