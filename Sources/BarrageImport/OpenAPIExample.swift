import Foundation

/// A value for a parameter or a body from its schema: `example`, `examples`, `default`, the first
/// `enum`/`const`, else one generated from the type and format (within `minimum`/`minLength`).
struct OpenAPIExample {
    let document: OpenAPIDocument

    /// The first of `example`, the first of `examples` (a 3.0 map of `{value}` or a 3.1 list), or nil.
    static func given(_ node: [String: Any]) -> Any? {
        if let example = node["example"] { return example }
        if let list = node["examples"] as? [Any], let first = list.first { return first }
        if let map = node["examples"] as? [String: Any] {
            for key in map.keys.sorted() {
                if let entry = map[key] as? [String: Any], let value = entry["value"] { return value }
            }
        }
        return nil
    }

    func value(_ schemaNode: Any?, depth: Int = 0) -> Any {
        guard depth < 12, let schema = document.resolve(schemaNode) else { return "example" }
        if let given = Self.given(schema) { return given }
        if let value = schema["default"] { return value }
        if let values = schema["enum"] as? [Any], let first = values.first(where: { !($0 is NSNull) }) { return first }
        if let value = schema["const"] { return value }
        if let all = schema["allOf"] as? [Any] {
            var merged: [String: Any] = [:]
            for part in all {
                if let object = value(part, depth: depth + 1) as? [String: Any] { merged.merge(object) { $1 } }
            }
            if !merged.isEmpty { return merged }
            if let first = all.first { return value(first, depth: depth + 1) }
        }
        for key in ["oneOf", "anyOf"] {
            if let choices = schema[key] as? [Any], let first = choices.first(where: { (document.resolve($0)?["type"] as? String) != "null" }) {
                return value(first, depth: depth + 1)
            }
        }
        var type = schema["type"] as? String
        if let types = schema["type"] as? [Any] { type = types.compactMap { $0 as? String }.first { $0 != "null" } }
        if type == nil { type = schema["properties"] != nil ? "object" : (schema["items"] != nil ? "array" : "string") }
        switch type {
        case "integer":
            return Self.number(schema["minimum"]).map { max(Int($0.rounded(.up)), 1) } ?? 1
        case "number":
            return Self.number(schema["minimum"]).map { max($0, 1) } ?? 1
        case "boolean":
            return true
        case "array":
            let count = max(1, (schema["minItems"] as? Int) ?? 1)
            return Array(repeating: value(schema["items"], depth: depth + 1), count: min(count, 10))
        case "object":
            var object: [String: Any] = [:]
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (name, property) in properties where !(document.resolve(property)?["readOnly"] as? Bool ?? false) {
                object[name] = value(property, depth: depth + 1)
            }
            return object
        default:
            return string(schema)
        }
    }

    private func string(_ schema: [String: Any]) -> String {
        let generated: String
        switch schema["format"] as? String {
        case "date": generated = "2024-01-01"
        case "date-time": generated = "2024-01-01T00:00:00Z"
        case "email": generated = "user@example.com"
        case "uuid": generated = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
        case "uri", "url": generated = "https://example.com/"
        case "ipv4": generated = "192.0.2.1"
        default: generated = "example"
        }
        let minimum = min((schema["minLength"] as? Int) ?? 0, 1024)
        let maximum = (schema["maxLength"] as? Int) ?? Int.max
        var text = generated.count < minimum ? generated + String(repeating: "x", count: minimum - generated.count) : generated
        if text.count > maximum { text = String(text.prefix(max(maximum, 0))) }
        return text
    }

    private static func number(_ value: Any?) -> Double? {
        if let int = value as? Int { return Double(int) }
        return value as? Double
    }
}

