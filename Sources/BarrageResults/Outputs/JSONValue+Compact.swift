import BarrageCore

extension JSONValue {
    /// The text on one line, keys sorted, no spaces: one JSON Lines record.
    func compact() -> String {
        var output = ""
        writeCompact(into: &output)
        return output
    }

    private func writeCompact(into output: inout String) {
        switch self {
        case .object(let members):
            output += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                output += Self.quoted(key) + ":"
                members[key]?.writeCompact(into: &output)
            }
            output += "}"
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                element.writeCompact(into: &output)
            }
            output += "]"
        default:
            output += rendered()
        }
    }

    /// `value` rounded to `places` decimals, so series files do not carry float noise.
    static func rounded(_ value: Double, places: Int = 3) -> JSONValue {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return .number((value * scale).rounded() / scale)
    }
}
