import BarrageCore
import BarrageWire
import Foundation

extension ScenarioFile {
    /// The keys a request accepts.
    enum RequestKey: String, CaseIterable {
        case name, method, path, url, headers, body, bodyFile, checks, sleep, extract, timeout, tags, expectedStatuses
    }

    /// The keys of a request's `checks:`.
    enum CheckKey: String, CaseIterable {
        case status, bodyContains, bodyNotContains, headers, json, durationBelow
    }
    /// ``RequestSpec/methods`` in the order error messages list them.
    static let methodNames: [String] = {
        let usual = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].filter(RequestSpec.methods.contains)
        return usual + RequestSpec.methods.subtracting(usual).sorted()
    }()

    /// One request; also returns its `name:` node, if set, for the duplicate-name error.
    static func request(
        _ node: ScenarioNode, target: String?, defaultHeaders: [HTTPHeader], baseDirectory: String, scope: TemplateScope
    ) throws(ScenarioFileError) -> (RequestSpec, nameNode: ScenarioNode?) {
        let fields = try node.mapping("a request, e.g. {name: feed, path: /api/posts/}")
        try fields.rejectUnknownKeys(of: RequestKey.self)

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
        try flowRequestFields(fields, into: &request)
        return (request, nameNode)
    }

    /// `checks: {status: [200], bodyContains: [...], headers: {...}, durationBelow: 500ms}`.
    static func checks(_ node: ScenarioNode, scope: TemplateScope) throws(ScenarioFileError) -> RequestChecks {
        let fields = try node.mapping("a mapping of checks, e.g. {status: [200], bodyContains: [\"posts\"]}")
        try fields.rejectUnknownKeys(of: CheckKey.self)
        var checks = RequestChecks()
        if let statusNode = fields["status"] { checks.statuses = try statuses(statusNode) }
        if let containsNode = fields["bodyContains"] {
            for item in try containsNode.oneOrMany("a string or a list of strings the body must contain") {
                checks.bodyContains.append(try template(try item.string("a non-empty string the body must contain"), at: item, scope: scope))
            }
        }
        checks.headerEquals = try fields["headers"]?.headers() ?? []
        try templateHeaders(&checks.headerEquals, at: fields["headers"], scope: scope)
        checks.durationBelowMicros = try fields["durationBelow"]?.durationMicros(minimumMicros: 1)
        try flowChecks(fields, into: &checks)
        return checks
    }

    /// `200` or `[200, 204]`: statuses from 100 to 599, at least one.
    static func statuses(_ node: ScenarioNode) throws(ScenarioFileError) -> [Int] {
        let items = try node.oneOrMany("a status or a list of statuses, e.g. [200, 204]")
        guard !items.isEmpty else { throw node.error("expected at least one status, e.g. [200]") }
        var statuses: [Int] = []
        for item in items {
            guard let status = Int(try item.scalar("a status from 100 to 599")), (100...599).contains(status) else {
                throw item.error("expected a status from 100 to 599, got \(item.kind)")
            }
            statuses.append(status)
        }
        return statuses
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
