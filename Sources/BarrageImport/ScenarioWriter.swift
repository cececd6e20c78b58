import BarrageCore

/// Writes an ``ImportedScenario`` as a scenario file: one VU runs one iteration (the recording
/// replayed once), `target:` plus `path:` requests so `--url` moves it, and each extraction next
/// to the request whose response it reads.
public enum ScenarioWriter {
    public static func yaml(_ scenario: ImportedScenario) -> String {
        var lines: [String] = scenario.comments.map { "# " + YAMLText.comment($0) }
        if let target = scenario.target { lines.append("target: " + YAMLText.quoted(target)) }
        if !scenario.defaultHeaders.isEmpty {
            lines.append("headers:")
            for header in scenario.defaultHeaders {
                lines.append("  " + YAMLText.quoted(header.name) + ": " + YAMLText.quoted(Template(segments: [.text(header.value)]).source))
            }
        }
        let http = (scenario.compression ? ["compression: true"] : []) + (scenario.insecureSkipTLSVerify ? ["insecureSkipTLSVerify: true"] : [])
        if !http.isEmpty { lines.append("http: {" + http.joined(separator: ", ") + "}") }
        lines += [
            "scenarios:",
            "  recording: {executor: per-vu-iterations, vus: 1, iterations: 1}",
            "requests:",
        ]
        if scenario.requests.contains(where: { $0.group != nil }) {
            lines += flowLines(scenario.requests)
        } else {
            for request in scenario.requests { lines += requestLines(request, indent: "  ", sleepKey: true) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The requests as a flow: each run of requests of one page in a `group:` block, think time as
    /// `sleep:` steps (inside the group, so a page's time includes reading it).
    static func flowLines(_ requests: [ImportedRequest]) -> [String] {
        var lines: [String] = []
        var current: String?
        for request in requests {
            if request.group != current, let group = request.group {
                lines += ["  - group: " + YAMLText.quoted(group), "    steps:"]
            }
            current = request.group
            let indent = request.group == nil ? "  " : "      "
            lines += requestLines(request, indent: indent, sleepKey: false)
            if let sleep = request.sleepMillis, sleep > 0 { lines.append(indent + "- sleep: \(sleep)ms") }
        }
        return lines
    }

    /// One request as a list item at `indent`; `sleepKey`: its think time as the request's own `sleep:`.
    static func requestLines(_ request: ImportedRequest, indent: String, sleepKey: Bool) -> [String] {
        var lines = [indent + "- name: " + YAMLText.quoted(request.name)]
        let key = indent + "  "
        lines.append(key + "method: " + request.method)
        if let origin = request.origin {
            lines.append(key + "url: " + YAMLText.quoted(origin + request.path.source))
        } else {
            lines.append(key + "path: " + YAMLText.quoted(request.path.source))
        }
        if !request.headers.isEmpty {
            lines.append(key + "headers:")
            for header in request.headers {
                lines.append(key + "  " + YAMLText.quoted(header.name) + ": " + YAMLText.quoted(header.value.source))
            }
        }
        if let fileName = request.bodyFileName {
            lines.append(key + "bodyFile: " + YAMLText.quoted(fileName))
        } else if let body = request.body {
            lines.append(key + "body: " + YAMLText.quoted(body.source))
        }
        if let statuses = request.expectedStatuses {
            lines.append(key + "checks: {status: [" + statuses.map(String.init).joined(separator: ", ") + "]}")
        }
        if !request.extractions.isEmpty {
            lines.append(key + "extract:")
            for extraction in request.extractions {
                lines.append(key + "  " + extraction.name + ": " + source(extraction.source))
            }
        }
        if sleepKey, let sleep = request.sleepMillis, sleep > 0 { lines.append(key + "sleep: \(sleep)ms") }
        return lines
    }

    static func source(_ source: Extraction.Source) -> String {
        switch source {
        case .json(let path): return "{json: " + YAMLText.quoted(path) + "}"
        case .regex(let pattern): return "{regex: " + YAMLText.quoted(pattern) + "}"
        case .header(let name): return "{header: " + YAMLText.quoted(name) + "}"
        case .cookie(let name): return "{cookie: " + YAMLText.quoted(name) + "}"
        }
    }
}
