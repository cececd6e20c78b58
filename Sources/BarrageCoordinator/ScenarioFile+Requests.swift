import BarrageCore
import BarrageWire
import Foundation

extension ScenarioFile {
    /// The keys a request accepts.
    static let requestKeys = ["name", "method", "path", "url", "headers", "body", "bodyFile", "checks", "sleep", "extract"]
    /// The keys of a request's `checks:`.
    static let checkKeys = ["status", "bodyContains", "headers", "durationBelow"]
    /// ``RequestSpec/methods`` in the order error messages list them.
    static let methodNames: [String] = {
        let usual = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].filter(RequestSpec.methods.contains)
        return usual + RequestSpec.methods.subtracting(usual).sorted()
    }()

    /// `requests:`, the requests of one iteration in order; names must be unique.
    /// - Parameters:
    ///   - target: the base URL of relative `path:` values.
    ///   - defaultHeaders: the top-level `headers:`, sent unless a request sets the same name.
    ///   - baseDirectory: the folder relative `bodyFile:` paths resolve against.
    ///   - scope: the names templates may use (each request adds what it extracts for the next).
    static func requests(
        _ node: ScenarioNode, target: String?, defaultHeaders: [HTTPHeader], baseDirectory: String, scope: TemplateScope
    ) throws(ScenarioFileError) -> [RequestSpec] {
        var scope = scope
        let items = try node.sequence("a list of requests, e.g. [{path: /api/posts/}]")
        guard !items.isEmpty else { throw node.error("expected at least one request, e.g. [{path: /api/posts/}]") }
        var requests: [RequestSpec] = []
        var firstWithName: [String: ScenarioNode] = [:]
        for item in items {
            let (request, nameNode) = try self.request(
                item, target: target, defaultHeaders: defaultHeaders, baseDirectory: baseDirectory, scope: scope)
            for extraction in request.extract ?? [] { scope.names.extracted.insert(extraction.name) }
            if let first = firstWithName[request.name] {
                let firstLine = first.line.map { ", line \($0)" } ?? ""
                throw (nameNode ?? item).error(
                    "duplicate request name '\(request.name)' (also \(first.path)\(firstLine)): names must be unique, set name: on each")
            }
            firstWithName[request.name] = item
            requests.append(request)
        }
        return requests
    }

    /// One request; also returns its `name:` node, if set, for the duplicate-name error.
    static func request(
        _ node: ScenarioNode, target: String?, defaultHeaders: [HTTPHeader], baseDirectory: String, scope: TemplateScope
    ) throws(ScenarioFileError) -> (RequestSpec, nameNode: ScenarioNode?) {
        let fields = try node.mapping("a request, e.g. {name: feed, path: /api/posts/}")
        try fields.rejectUnknownKeys(accepting: requestKeys)

        var method = "GET"
        if let methodNode = fields["method"] {
            method = try methodNode.string("an HTTP method").uppercased()
            guard RequestSpec.methods.contains(method) else {
                throw methodNode.error("unknown method \(ScenarioNode.quoted(method)): expected one of \(methodNames.joined(separator: ", "))")
            }
        }

        let url: String
        let shown: String
        switch try fields.oneOf(["path", "url"]) {
        case ("path", let pathNode)?:
            let path = try pathNode.string("a path such as /api/posts/")
            guard path.hasPrefix("/"), !path.contains(where: \.isWhitespace) else {
                throw pathNode.error("expected a path starting with '/' and without spaces, got \(pathNode.kind)")
            }
            guard let target else {
                throw pathNode.error("a relative path needs 'target:' at the top level (e.g. target: http://127.0.0.1:8080), or use url: with an absolute URL")
            }
            url = target + (try template(path, at: pathNode, scope: scope))
            shown = path
        case (_, let urlNode)?:
            let text = try template(try urlNode.string("an http:// or https:// URL"), at: urlNode, scope: scope)
            try checkLiteralAuthority(text, at: urlNode)
            do {
                _ = try TargetURL(text)
            } catch {
                throw urlNode.error(error.description)
            }
            url = text
            shown = url
        case nil:
            throw node.error("missing 'path' or 'url': expected path: /api/posts/ (with target:) or url: http://host/api/posts/")
        }

        let nameNode = fields["name"]
        let name = try nameNode?.string("a request name") ?? "\(method) \(shown)"
        var own = try fields["headers"]?.headers() ?? []
        try templateHeaders(&own, at: fields["headers"], scope: scope)
        let inherited = defaultHeaders.filter { header in !own.contains { $0.name.lowercased() == header.name.lowercased() } }

        var body: String?
        switch try fields.oneOf(["body", "bodyFile"]) {
        case ("body", let bodyNode)?:
            body = try template(try bodyNode.scalar("the request body as a string"), at: bodyNode, scope: scope)
        case (_, let fileNode)?:
            body = try template(try readBodyFile(fileNode, baseDirectory: baseDirectory), at: fileNode, scope: scope)
        case nil:
            body = nil
        }

        var request = RequestSpec(
            name: name, method: method, url: url, headers: inherited + own, body: body,
            checks: try fields["checks"].map { node throws(ScenarioFileError) in try checks(node, scope: scope) } ?? RequestChecks(),
            sleep: try fields["sleep"]?.thinkTime())
        if let extractNode = fields["extract"] {
            let extractions = try extractions(extractNode)
            request.extract = extractions.isEmpty ? nil : extractions
        }
        return (request, nameNode)
    }

    /// `checks: {status: [200], bodyContains: [...], headers: {...}, durationBelow: 500ms}`.
    static func checks(_ node: ScenarioNode, scope: TemplateScope) throws(ScenarioFileError) -> RequestChecks {
        let fields = try node.mapping("a mapping of checks, e.g. {status: [200], bodyContains: [\"posts\"]}")
        try fields.rejectUnknownKeys(accepting: checkKeys)
        var checks = RequestChecks()
        if let statusNode = fields["status"] {
            let items = try statusNode.oneOrMany("a status or a list of statuses, e.g. [200, 204]")
            guard !items.isEmpty else { throw statusNode.error("expected at least one status, e.g. [200]") }
            for item in items {
                guard let status = Int(try item.scalar("a status from 100 to 599")), (100...599).contains(status) else {
                    throw item.error("expected a status from 100 to 599, got \(item.kind)")
                }
                checks.statuses.append(status)
            }
        }
        if let containsNode = fields["bodyContains"] {
            for item in try containsNode.oneOrMany("a string or a list of strings the body must contain") {
                checks.bodyContains.append(try template(try item.string("a non-empty string the body must contain"), at: item, scope: scope))
            }
        }
        checks.headerEquals = try fields["headers"]?.headers() ?? []
        try templateHeaders(&checks.headerEquals, at: fields["headers"], scope: scope)
        checks.durationBelowMicros = try fields["durationBelow"]?.durationMicros(minimumMicros: 1)
        return checks
    }

    /// Compiles each header value as a template (its node is the value under `node`).
    static func templateHeaders(_ headers: inout [HTTPHeader], at node: ScenarioNode?, scope: TemplateScope) throws(ScenarioFileError) {
        guard let node else { return }
        let entries = try node.mapping().entries
        for index in headers.indices {
            let at = entries.first { $0.key == headers[index].name }?.value ?? node
            headers[index].value = try template(headers[index].value, at: at, scope: scope)
        }
    }

    /// The largest `bodyFile:`: the body travels in `prepare`, which must fit in one frame
    /// (``BarrageCore/ProtocolLimits/defaultMaxFrameBytes``) with the rest of the run.
    static let maximumBodyFileBytes = ProtocolLimits.defaultMaxFrameBytes / 2

    /// Reads `bodyFile:` as UTF-8 (a regular file of at most ``maximumBodyFileBytes``); a
    /// relative path resolves against `baseDirectory`.
    static func readBodyFile(_ node: ScenarioNode, baseDirectory: String) throws(ScenarioFileError) -> String {
        let path = try node.string("a file path")
        let resolved = path.hasPrefix("/") || baseDirectory.isEmpty ? path : baseDirectory + "/" + path
        let data: Data
        do throws(RegularFileError) {
            data = try RegularFile.read(resolved, maxBytes: maximumBodyFileBytes)
        } catch {
            throw node.error("can't read body file '\(resolved)': \(error.description)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw node.error("body file '\(resolved)' is not UTF-8 text")
        }
        return text
    }
}
