/// The JSONPath subset `extract: {json: ...}` accepts: `$` followed by `.name`, `["name"]` and
/// `[index]` steps, e.g. `$.data.items[0].id`. Compiled once; ``value(in:)`` walks the raw body
/// bytes without building a tree (``JSONNavigator``).
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public enum Step: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public let steps: [Step]
    /// The path as written.
    public let description: String

    /// Parses a path.
    /// - Throws: ``JSONPathError`` naming the position and what was expected there.
    public init(_ text: String) throws(JSONPathError) {
        description = text
        let bytes = Array(text.utf8)
        guard bytes.first == UInt8(ascii: "$") else { throw JSONPathError(path: text, detail: "must start with '$'") }
        var steps: [Step] = []
        var at = 1
        while at < bytes.count {
            switch bytes[at] {
            case UInt8(ascii: "."):
                let start = at + 1
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "."), bytes[end] != UInt8(ascii: "[") { end += 1 }
                guard end > start else { throw JSONPathError(path: text, detail: "empty name after '.' at position \(at + 1)") }
                steps.append(.key(String(decoding: bytes[start..<end], as: UTF8.self)))
                at = end
            case UInt8(ascii: "["):
                guard let close = bytes[at...].firstIndex(of: UInt8(ascii: "]")) else {
                    throw JSONPathError(path: text, detail: "'[' at position \(at + 1) is not closed")
                }
                let inner = bytes[(at + 1)..<close]
                if let first = inner.first, first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
                    guard inner.count >= 2, inner.last == first else {
                        throw JSONPathError(path: text, detail: "unterminated quoted name at position \(at + 2)")
                    }
                    steps.append(.key(String(decoding: inner.dropFirst().dropLast(), as: UTF8.self)))
                } else {
                    guard let index = Int(String(decoding: inner, as: UTF8.self)), index >= 0 else {
                        throw JSONPathError(
                            path: text, detail: "expected an index >= 0 or a quoted name in [...] at position \(at + 1), got '\(String(decoding: inner, as: UTF8.self))'")
                    }
                    steps.append(.index(index))
                }
                at = close + 1
            default:
                throw JSONPathError(path: text, detail: "expected '.name' or '[...]' at position \(at + 1)")
            }
        }
        self.steps = steps
    }

    /// The value at the path in a JSON document: a string's unescaped text, or a number's,
    /// boolean's or null's literal; nil when the path is missing, leads to an object or array,
    /// or the document is not valid JSON on the way there.
    public func value(in body: UnsafeRawBufferPointer) -> String? {
        var navigator = JSONNavigator(body)
        return navigator.value(at: steps)
    }

    public func value(in body: [UInt8]) -> String? {
        body.withUnsafeBytes { value(in: $0) }
    }
}

/// Why a JSONPath was rejected.
public struct JSONPathError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var detail: String

    public var description: String {
        "invalid JSONPath '\(path)': \(detail); expected e.g. $.data.items[0].id"
    }
}
