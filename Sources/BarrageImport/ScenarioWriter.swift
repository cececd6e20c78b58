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
        for request in scenario.requests {
            lines.append("  - name: " + YAMLText.quoted(request.name))
            lines.append("    method: " + request.method)
            if let origin = request.origin {
                lines.append("    url: " + YAMLText.quoted(origin + request.path.source))
            } else {
                lines.append("    path: " + YAMLText.quoted(request.path.source))
            }
            if !request.headers.isEmpty {
                lines.append("    headers:")
                for header in request.headers {
                    lines.append("      " + YAMLText.quoted(header.name) + ": " + YAMLText.quoted(header.value.source))
                }
            }
            if let fileName = request.bodyFileName {
                lines.append("    bodyFile: " + YAMLText.quoted(fileName))
            } else if let body = request.body {
                lines.append("    body: " + YAMLText.quoted(body.source))
            }
            if let statuses = request.expectedStatuses {
                lines.append("    checks: {status: [" + statuses.map(String.init).joined(separator: ", ") + "]}")
            }
            if !request.extractions.isEmpty {
                lines.append("    extract:")
                for extraction in request.extractions {
                    lines.append("      " + extraction.name + ": " + source(extraction.source))
                }
            }
            if let sleep = request.sleepMillis, sleep > 0 { lines.append("    sleep: \(sleep)ms") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func source(_ source: Extraction.Source) -> String {
        switch source {
        case .json(let path): return "{json: " + YAMLText.quoted(path) + "}"
        case .regex(let pattern): return "{regex: " + YAMLText.quoted(pattern) + "}"
        case .header(let name): return "{header: " + YAMLText.quoted(name) + "}"
        }
    }
}
