import Foundation
import Yams

/// An OpenAPI 3.0/3.1 document as plain values, with local `$ref`s (`#/components/...`)
/// resolved on demand (to a bounded depth, so a reference cycle cannot loop).
struct OpenAPIDocument {
    let root: [String: Any]

    /// Parses JSON or YAML text (YAML is read by Yams; the caller has checked its size and aliases).
    init(text: String) throws(ImportError) {
        let parsed: Any?
        let trimmed = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        do {
            if trimmed.hasPrefix("{") {
                parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
            } else {
                parsed = try Yams.load(yaml: text)
            }
        } catch {
            let reason = String(describing: error).split(whereSeparator: \.isNewline).first.map(String.init) ?? "\(error)"
            throw .badOpenAPI("not valid JSON or YAML (\(reason))")
        }
        guard let object = Self.plain(parsed, depth: 0) as? [String: Any] else { throw .badOpenAPI("expected a mapping at the top") }
        if object["swagger"] != nil { throw .badOpenAPI("this is Swagger 2.0; convert it to OpenAPI 3 first (e.g. with swagger2openapi)") }
        guard let version = object["openapi"] as? String, version.hasPrefix("3.") else {
            throw .badOpenAPI("expected openapi: 3.0.x or 3.1.x at the top")
        }
        guard object["paths"] is [String: Any] else { throw .badOpenAPI("no paths: mapping") }
        root = object
    }

    /// Yams' mappings (keys of any type) and numbers as `[String: Any]` and plain values.
    private static func plain(_ value: Any?, depth: Int) -> Any? {
        guard depth < 128 else { return nil }
        if let mapping = value as? [AnyHashable: Any] {
            var out: [String: Any] = [:]
            for (key, item) in mapping { out["\(key.base)"] = plain(item, depth: depth + 1) }
            return out
        }
        if let mapping = value as? [String: Any] {
            return mapping.mapValues { plain($0, depth: depth + 1) as Any }
        }
        if let list = value as? [Any] { return list.map { plain($0, depth: depth + 1) as Any } }
        return value
    }

    /// `node`, or what its `$ref` points to (followed up to 32 times).
    func resolve(_ node: Any?) -> [String: Any]? {
        var current = node as? [String: Any]
        var hops = 0
        while let ref = current?["$ref"] as? String, hops < 32 {
            current = pointer(ref) as? [String: Any]
            hops += 1
        }
        return current
    }

    /// A local JSON pointer (`#/components/schemas/Item`), with `~1` and `~0` unescaped.
    func pointer(_ ref: String) -> Any? {
        guard ref.hasPrefix("#/") else { return nil }
        var node: Any? = root
        for part in ref.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let object = node as? [String: Any] {
                node = object[key]
            } else if let list = node as? [Any], let index = Int(key), list.indices.contains(index) {
                node = list[index]
            } else {
                return nil
            }
        }
        return node
    }
}
