import BarrageCore

/// A minimal JSON tree with a deterministic writer: keys sorted, four-space indent as k6's
/// `JSON.stringify(results, null, 4)`, integers printed without a fraction.
///
/// Written by hand rather than with Foundation's `JSONSerialization` so that Core stays
/// Foundation-free and the number spelling is the same on every platform.
enum JSONValue: Sendable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case integer(Int64)
    case number(Double)
    case bool(Bool)
    case null

    /// An unsigned count, clamped into JSON's safe signed range.
    static func count(_ value: UInt64) -> JSONValue { .integer(Int64(clamping: value)) }

    /// `value` as a number, or `null` when absent.
    static func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }

    /// The pretty-printed text, without a trailing newline.
    func rendered() -> String {
        var output = ""
        write(into: &output, indent: 0)
        return output
    }

    private func write(into output: inout String, indent: Int) {
        let inner = String(repeating: " ", count: (indent + 1) * 4)
        let outer = String(repeating: " ", count: indent * 4)
        switch self {
        case .object(let members):
            guard !members.isEmpty else { output += "{}"; return }
            output += "{\n"
            for (index, key) in members.keys.sorted().enumerated() {
                output += inner + Self.quoted(key) + ": "
                members[key]?.write(into: &output, indent: indent + 1)
                output += index == members.count - 1 ? "\n" : ",\n"
            }
            output += outer + "}"
        case .array(let elements):
            guard !elements.isEmpty else { output += "[]"; return }
            output += "[\n"
            for (index, element) in elements.enumerated() {
                output += inner
                element.write(into: &output, indent: indent + 1)
                output += index == elements.count - 1 ? "\n" : ",\n"
            }
            output += outer + "]"
        case .string(let text): output += Self.quoted(text)
        case .integer(let value): output += String(value)
        case .number(let value): output += Self.number(value)
        case .bool(let value): output += value ? "true" : "false"
        case .null: output += "null"
        }
    }

    /// Shortest round-trip spelling; whole numbers without `.0`; NaN and infinities (not JSON) as `null`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
