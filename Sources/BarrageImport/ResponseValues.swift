import BarrageCore
import Foundation

/// Finds the values a recorded response produced that a later request might send back: JSON
/// leaves, HTML hidden inputs and meta tags, other tokens of a text body, and header values.
/// Values that look static (short, common words, booleans) are left out (``DynamicValue``).
enum ResponseValues {
    /// Bodies above this are not searched (and not kept).
    static let maximumBodyBytes = 2 << 20
    /// At most this many values are taken from one response.
    static let maximumValuesPerResponse = 2000
    /// Headers that describe the transfer, never a value the client sends back.
    static let ignoredHeaders: Set<String> = [
        "date", "content-length", "content-type", "content-encoding", "transfer-encoding", "connection", "keep-alive",
        "server", "cache-control", "expires", "last-modified", "vary", "set-cookie", "pragma", "age", "via", "accept-ranges",
        "strict-transport-security", "x-content-type-options", "x-frame-options", "content-security-policy", "alt-svc",
        "access-control-allow-origin", "access-control-allow-headers", "access-control-allow-methods", "referrer-policy",
    ]

    /// - Parameter text: the body; plain-text tokens are offered only when `response` keeps it
    ///   (their regex is built from it when used).
    static func candidates(in response: RecordedResponse, text: String?, isDynamic: (String) -> Bool) -> [Candidate] {
        var found: [Candidate] = []
        for header in response.headers where !ignoredHeaders.contains(header.name.lowercased()) && !header.name.hasPrefix(":") {
            let value = header.value.trimmingCharacters(in: .whitespaces)
            if isDynamic(value) {
                found.append(Candidate(value: value, response: response, location: .header(header.name), suggestedName: header.name))
            }
        }
        for header in response.headers where header.name.lowercased() == "set-cookie" {
            // Some recorders join a response's Set-Cookie headers with newlines.
            for line in header.value.split(whereSeparator: \.isNewline) {
                guard let cookie = SetCookieValue.pair(String(line)), HTTPToken.isToken(cookie.name), isDynamic(cookie.value) else { continue }
                found.append(Candidate(value: cookie.value, response: response, location: .cookie(cookie.name), suggestedName: cookie.name))
            }
        }
        guard let body = text else { return found }
        if response.isJSON, let object = try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) {  // not JSON after all: searched as text below
            jsonLeaves(object, path: "$", key: "value", into: &found, response: response, isDynamic: isDynamic)
        } else {
            found += HTMLValues.candidates(in: body, response: response, isDynamic: isDynamic)
        }
        guard response.body != nil else { return Array(found.prefix(maximumValuesPerResponse)) }
        var seen = Set(found.map(\.value))
        for token in tokens(of: body) where found.count < maximumValuesPerResponse && !seen.contains(token) && isDynamic(token) {
            seen.insert(token)
            found.append(Candidate(value: token, response: response, location: .text, suggestedName: "value"))
        }
        return Array(found.prefix(maximumValuesPerResponse))
    }

    /// Walks a JSON tree (iteratively bounded by depth) for string and integer leaves.
    private static func jsonLeaves(
        _ node: Any, path: String, key: String, depth: Int = 0, into found: inout [Candidate], response: RecordedResponse,
        isDynamic: (String) -> Bool
    ) {
        guard depth < 32, found.count < maximumValuesPerResponse else { return }
        if let object = node as? [String: Any] {
            for (name, value) in object.sorted(by: { $0.key < $1.key }) {
                guard let step = pathStep(name) else { continue }
                jsonLeaves(value, path: path + step, key: name, depth: depth + 1, into: &found, response: response, isDynamic: isDynamic)
            }
        } else if let array = node as? [Any] {
            for (index, value) in array.prefix(100).enumerated() {
                jsonLeaves(value, path: path + "[\(index)]", key: key, depth: depth + 1, into: &found, response: response, isDynamic: isDynamic)
            }
        } else if let text = node as? String {
            if isDynamic(text) { found.append(Candidate(value: text, response: response, location: .json(path), suggestedName: key)) }
        } else if let number = node as? NSNumber, !(node is Bool), let integer = Int64(exactly: number.doubleValue), abs(integer) < 1 << 53 {
            let text = String(integer)
            if isDynamic(text) { found.append(Candidate(value: text, response: response, location: .json(path), suggestedName: key)) }
        }
    }

    /// `.name` when the JSONPath subset reads it back, `['name']` otherwise; nil when neither can.
    static func pathStep(_ name: String) -> String? {
        guard !name.isEmpty else { return nil }
        if !name.contains(where: { ".[]'\"".contains($0) }) { return "." + name }
        if !name.contains("'"), !name.contains("]") { return "['" + name + "']" }
        if !name.contains("\""), !name.contains("]") { return "[\"" + name + "\"]" }
        return nil
    }

    /// The runs of token characters (letters, digits and `-_.~+/=%:`) in `text`, trimmed of
    /// punctuation at their ends.
    static func tokens(of text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if isTokenScalar(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                tokens.append(trimmed(current))
                current = ""
            }
        }
        if !current.isEmpty { tokens.append(trimmed(current)) }
        return tokens
    }

    static func isTokenScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", "~", "+", "=", "%": return true
        default: return false
        }
    }

    private static func trimmed(_ token: String) -> String {
        var scalars = Substring(token).unicodeScalars[...]
        while let last = scalars.last, ".-~+%".unicodeScalars.contains(last) { scalars = scalars.dropLast() }
        while let first = scalars.first, ".-~+%=".unicodeScalars.contains(first) { scalars = scalars.dropFirst() }
        return String(String.UnicodeScalarView(scalars))
    }
}
