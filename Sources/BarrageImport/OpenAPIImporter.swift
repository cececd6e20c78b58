import BarrageCore
import Foundation

/// `coord import openapi`: one scenario that calls each operation of an OpenAPI 3.0/3.1 document
/// once, in document order (an operation a `links:` entry feeds comes after its source).
///
/// Parameters and JSON bodies get `example`, `examples`, `default`, `enum` or a generated value;
/// the first server is the `target:`; security schemes become headers (or query parameters)
/// whose value is `${env.NAME}`, which `coord run` reads from its environment when the run
/// starts; `links:` whose parameters come from `$response.body#/pointer` or
/// `$response.header.Name` become an `extract:` on the source and `${name}` in the target.
public enum OpenAPIImporter {
    static let methods = ["get", "put", "post", "delete", "options", "head", "patch"]

    public static func importFile(_ path: String) throws(ImportError) -> ImportResult {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .unreadable("can't read \(path): \(error.localizedDescription)")
        }
        return try importText(text)
    }

    /// One operation, before it is written.
    struct Operation {
        var id: String
        var method: String
        var path: String
        var node: [String: Any]
        var pathParameters: [Any]
    }

    public static func importText(_ text: String) throws(ImportError) -> ImportResult {
        let document = try OpenAPIDocument(text: text)
        let examples = OpenAPIExample(document: document)
        var warnings: [String] = []
        var operations: [Operation] = []
        let paths = document.root["paths"] as? [String: Any] ?? [:]
        for path in paths.keys.sorted() {
            guard let item = document.resolve(paths[path]) else { continue }
            for method in methods {
                guard let node = item[method] as? [String: Any] else { continue }
                let id = (node["operationId"] as? String) ?? method.uppercased() + " " + path
                operations.append(Operation(id: id, method: method.uppercased(), path: path, node: node, pathParameters: item["parameters"] as? [Any] ?? []))
            }
            if item["trace"] != nil { warnings.append("\(path): trace left out (coord does not send TRACE)") }
        }
        guard !operations.isEmpty else { throw .nothingToImport("the document has no operations under paths:") }
        operations = ordered(operations)

        // Links: (target operationId, parameter name) -> (source index, value expression).
        var linked: [String: [String: (source: Int, expression: String)]] = [:]
        for (index, operation) in operations.enumerated() {
            for (_, response) in (operation.node["responses"] as? [String: Any] ?? [:]) {
                for (_, link) in (document.resolve(response)?["links"] as? [String: Any] ?? [:]) {
                    guard let link = document.resolve(link), let target = link["operationId"] as? String else { continue }
                    for (name, expression) in link["parameters"] as? [String: Any] ?? [:] {
                        if let expression = expression as? String { linked[target, default: [:]][name] = (index, expression) }
                    }
                }
            }
        }

        var scenario = ImportedScenario()
        let (target, basePath, serverWarning) = server(document)
        scenario.target = target
        if let serverWarning { warnings.append(serverWarning) }
        let security = OpenAPISecurity(document: document)
        var requests: [ImportedRequest] = []
        var names: Set<String> = []
        var extractedNames: [String: String] = [:]
        var environment: Set<String> = []
        for (index, operation) in operations.enumerated() {
            var pathText = basePath + operation.path
            var query: [String] = []
            var headers: [(String, Template)] = []
            var parameters: [String: [String: Any]] = [:]
            for parameter in operation.pathParameters + (operation.node["parameters"] as? [Any] ?? []) {
                guard let resolved = document.resolve(parameter), let name = resolved["name"] as? String, let place = resolved["in"] as? String else { continue }
                parameters[place + "|" + name] = resolved
            }
            var templated: [String: String] = [:]  // placeholder -> ${var} source, for path and query
            for key in parameters.keys.sorted() {
                guard let parameter = parameters[key], let name = parameter["name"] as? String, let place = parameter["in"] as? String else { continue }
                let required = parameter["required"] as? Bool ?? (place == "path")
                let given = OpenAPIExample.given(parameter) ?? (parameter["schema"].flatMap { document.resolve($0) }.flatMap { OpenAPIExample.given($0) ?? $0["default"] })
                guard required || given != nil else { continue }
                var text = render(given ?? examples.value(parameter["schema"]))
                if let link = linked[operation.id]?[name], let variable = linkVariable(link, from: operations, requests: &requests, names: &extractedNames) {
                    let placeholder = "\u{1}\(templated.count)\u{1}"
                    templated[placeholder] = "${" + variable + "}"
                    text = placeholder
                }
                switch place {
                case "path": pathText = pathText.replacingOccurrences(of: "{\(name)}", with: text.hasPrefix("\u{1}") ? text : percentEncoded(text))
                case "query": query.append(FormEncoding.encode(name) + "=" + (text.hasPrefix("\u{1}") ? text : FormEncoding.encode(text)))
                case "header": headers.append((name, Template(segments: [.text(text)])))
                default: warnings.append("\(operation.id): \(place) parameter \(name) left out")
                }
            }
            let (securityHeaders, securityQuery, variables) = security.credentials(for: operation.node)
            environment.formUnion(variables)
            headers += securityHeaders
            var fullPath = pathText + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
            for (text, variable) in securityQuery { fullPath += (fullPath.contains("?") ? "&" : "?") + text + "=" + "\u{2}" + variable + "\u{2}" }
            var body: String?
            if let requestBody = document.resolve(operation.node["requestBody"]), let content = requestBody["content"] as? [String: Any] {
                if let (type, media) = content.first(where: { $0.key.lowercased().contains("json") }).map({ ($0.key, $0.value) }) {
                    let media = document.resolve(media) ?? [:]
                    let value = OpenAPIExample.given(media) ?? examples.value(media["schema"])
                    body = json(value)
                    headers.append(("Content-Type", Template(segments: [.text(type)])))
                } else if let media = content["application/x-www-form-urlencoded"] {
                    let value = examples.value(document.resolve(media)?["schema"])
                    body = (value as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map { FormEncoding.encode($0.key) + "=" + FormEncoding.encode(render($0.value)) }.joined(separator: "&")
                    headers.append(("Content-Type", Template(segments: [.text("application/x-www-form-urlencoded")])))
                } else if requestBody["required"] as? Bool == true {
                    warnings.append("\(operation.id): skipped: its body is \(content.keys.sorted().joined(separator: ", ")), only JSON and form bodies are generated")
                    requests.append(ImportedRequest(name: "\u{0}skipped", method: operation.method, path: "/"))
                    continue
                }
            }
            var name = RecordedURL.shortened(operation.id)
            var suffix = 2
            while names.contains(name) { name = "\(RecordedURL.shortened(operation.id)) (\(suffix))"; suffix += 1 }
            names.insert(name)
            var request = ImportedRequest(name: name, method: operation.method, path: "/", headers: [], body: body)
            request.path = segments(fullPath, templated: templated)
            request.headers = headers.map { (name: $0.0, value: $0.1) }
            requests.append(request)
            _ = index
        }
        let skipped = requests.indices.filter { requests[$0].name == "\u{0}skipped" }
        scenario.requests = requests.enumerated().filter { !skipped.contains($0.offset) }.map(\.element)
        guard !scenario.requests.isEmpty else { throw .nothingToImport("no operation could be imported") }
        scenario.comments = ["Imported by coord import openapi: \(scenario.requests.count) operations, each called once."]
        if !environment.isEmpty {
            scenario.comments.append("Credentials come from the environment when the run starts: set \(environment.sorted().joined(separator: ", ")).")
        }
        if !extractedNames.isEmpty {
            scenario.comments.append("Linked (from the document's links:): \(extractedNames.keys.sorted().joined(separator: ", ")).")
        }
        var result = ImportResult(scenario: scenario)
        result.warnings = warnings
        return result
    }

    /// Document order, except that an operation a link feeds moves after the link's source.
    static func ordered(_ operations: [Operation]) -> [Operation] {
        var result = operations
        for (index, operation) in operations.enumerated() {
            for (_, response) in operation.node["responses"] as? [String: Any] ?? [:] {
                for (_, link) in (response as? [String: Any])?["links"] as? [String: Any] ?? [:] {
                    guard let target = (link as? [String: Any])?["operationId"] as? String,
                        let sourceAt = result.firstIndex(where: { $0.id == operations[index].id }),
                        let targetAt = result.firstIndex(where: { $0.id == target }), targetAt < sourceAt
                    else { continue }
                    let moved = result.remove(at: targetAt)
                    result.insert(moved, at: sourceAt)
                }
            }
        }
        return result
    }

    /// The variable a link's expression extracts from its source request (created on first use).
    static func linkVariable(
        _ link: (source: Int, expression: String), from operations: [Operation], requests: inout [ImportedRequest], names: inout [String: String]
    ) -> String? {
        guard link.source < requests.count else { return nil }
        let key = "\(link.source)|\(link.expression)"
        if let existing = names.first(where: { $0.value == key })?.key { return existing }
        let source: Extraction.Source
        var base: String
        if link.expression.hasPrefix("$response.body#/") {
            let pointer = link.expression.dropFirst("$response.body#/".count).split(separator: "/")
            var path = "$"
            for part in pointer {
                let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                if let index = Int(key) { path += "[\(index)]" } else if let step = ResponseValues.pathStep(key) { path += step } else { return nil }
            }
            source = .json(path)
            base = pointer.last.map(String.init) ?? "value"
        } else if link.expression.hasPrefix("$response.header.") {
            let header = String(link.expression.dropFirst("$response.header.".count))
            source = .header(header)
            base = header
        } else {
            return nil
        }
        base = String(base.unicodeScalars.map { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "_" })
        if base.isEmpty || base.first?.isNumber == true || !ScenarioNames.isVariableName(base) { base = "link_" + base }
        var name = base
        var suffix = 2
        while names[name] != nil { name = "\(base)_\(suffix)"; suffix += 1 }
        names[name] = key
        requests[link.source].extractions.append(Extraction(name: name, source: source))
        return name
    }

    /// `servers[0]` with its variables' defaults: the origin for `target:` and the base path.
    static func server(_ document: OpenAPIDocument) -> (target: String, basePath: String, warning: String?) {
        let fallback = "http://127.0.0.1:8080"
        guard let server = (document.root["servers"] as? [Any])?.first as? [String: Any], var url = server["url"] as? String else {
            return (fallback, "", "no servers: in the document: target is \(fallback); point it elsewhere with coord run --url")
        }
        for (name, variable) in server["variables"] as? [String: Any] ?? [:] {
            if let value = (variable as? [String: Any])?["default"] { url = url.replacingOccurrences(of: "{\(name)}", with: "\(value)") }
        }
        if url.hasPrefix("/") || url.isEmpty {
            return (fallback, url == "/" ? "" : String(url.reversed().drop { $0 == "/" }.reversed()), "the server URL \(url) is relative: target is \(fallback); point it elsewhere with coord run --url")
        }
        guard let parsed = try? RecordedURL(url) else {  // a bad server URL falls back, with the warning below
            return (fallback, "", "the server URL \(RecordedURL.shortened(url)) is not http(s): target is \(fallback)")
        }
        let base = parsed.path == "/" ? "" : String(parsed.path.reversed().drop { $0 == "/" }.reversed())
        return (parsed.origin, base, nil)
    }

    static func render(_ value: Any) -> String {
        if let text = value as? String { return text }
        if let bool = value as? Bool { return bool ? "true" : "false" }
        if let int = value as? Int { return String(int) }
        if let double = value as? Double { return double == double.rounded() && abs(double) < 1e15 ? String(Int(double)) : String(double) }
        if value is [Any] || value is [String: Any] { return json(value) }
        return "\(value)"
    }

    static func json(_ value: Any) -> String {
        guard JSONSerialization.isValidJSONObject([value]),
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])  // checked valid just above
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func percentEncoded(_ text: String) -> String {
        FormEncoding.encode(text).replacingOccurrences(of: "+", with: "%20")
    }

    /// `text` as template segments: `\u{1}n\u{1}` placeholders become `${name}` variables and
    /// `\u{2}NAME\u{2}` becomes `${env.NAME}`.
    static func segments(_ text: String, templated: [String: String]) -> Template {
        var segments: [Template.Segment] = []
        var literal = ""
        var rest = Substring(text)
        while let mark = rest.firstIndex(where: { $0 == "\u{1}" || $0 == "\u{2}" }) {
            let kind = rest[mark]
            literal += rest[..<mark]
            let after = rest[rest.index(after: mark)...]
            guard let close = after.firstIndex(of: kind) else { break }
            let inner = String(after[..<close])
            rest = after[after.index(after: close)...]
            if !literal.isEmpty { segments.append(.text(literal)); literal = "" }
            if kind == "\u{1}", let source = templated["\u{1}" + inner + "\u{1}"] {
                segments.append(.variable(.extracted(String(source.dropFirst(2).dropLast()))))
            } else {
                segments.append(OpenAPISecurity.environment(inner))
            }
        }
        literal += rest
        if !literal.isEmpty { segments.append(.text(literal)) }
        return Template(segments: segments)
    }
}
