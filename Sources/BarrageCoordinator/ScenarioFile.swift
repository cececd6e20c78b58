import BarrageCore
import Foundation
import Yams

/// Reads a scenario file (`coord run config/feed.yaml`) into a ``Scenario``. Keys follow k6's
/// option names; config/README.md documents each of them.
///
/// ```yaml
/// target: http://127.0.0.1:8080
/// scenarios:
///   feed:
///     executor: ramping-vus
///     startVUs: 0
///     stages: [{duration: 30s, target: 1000}, {duration: 3m, target: 1000}]
/// requests:
///   - name: feed
///     path: /api/posts/
///     checks: {status: [200]}
///     sleep: 1s
/// thresholds:
///   http_req_duration: ["p(95)<500"]
/// ```
///
/// Every problem (YAML syntax, unknown keys, wrong types, bad values, missing keys) is one
/// ``ScenarioFileError`` naming the file, the line and the key.
public enum ScenarioFile {
    /// The keys accepted at the top level.
    static let topLevelKeys = ["target", "headers", "timeout", "sleep", "scenarios", "requests", "flows", "thresholds", "http", "cookies", "data", "setup", "teardown"]

    /// Reads and parses a scenario file; relative `bodyFile:` paths resolve against the file's folder.
    /// - Parameter path: the file, as the user named it (errors repeat it as given).
    /// - Throws: ``ScenarioFileError`` for an unreadable file or any problem in it.
    public static func load(path: String) throws(ScenarioFileError) -> Scenario {
        let text: String
        do {
            text = try YAMLLimits.standard.readFile(atPath: path)
        } catch {
            throw ScenarioFileError(file: path, line: nil, keyPath: "", message: "can't read the scenario file: \(error.message)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(text, file: path, baseDirectory: folder, environment: ProcessInfo.processInfo.environment)
    }

    /// Parses YAML text.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: the file's name, used only in error messages.
    ///   - baseDirectory: the folder relative `bodyFile:` paths resolve against.
    ///   - environment: the values of `${env.NAME}` (the coordinator's environment at start).
    /// - Throws: ``ScenarioFileError`` for the first problem found.
    public static func parse(
        _ text: String, file: String, baseDirectory: String, environment: [String: String] = [:]
    ) throws(ScenarioFileError) -> Scenario {
        guard let rootNode = try compose(text, file: file) else {
            throw ScenarioFileError(file: file, line: nil, keyPath: "", message: "the file is empty: expected a mapping with 'scenarios' and 'requests'")
        }
        let root = ScenarioNode(node: rootNode, path: "", file: file)
        let top = try root.mapping("a mapping with 'scenarios' and 'requests'")
        try top.rejectUnknownKeys(accepting: topLevelKeys)

        // Stored without trailing slashes: paths are appended to it, and `--url` replaces it by prefix.
        let target = try top["target"].map { node throws(ScenarioFileError) in try Self.url(node).withoutTrailingSlashes }
        let timeout = try top["timeout"]?.durationMicros(minimumMicros: 1)
        let iterationSleep = try top["sleep"]?.thinkTime()
        let scenariosNode = try top.required("scenarios", "a mapping of scenario names to their executor options")
        let flowNames = try top["flows"]?.mapping("a mapping of flow names to lists of steps").entries.map(\.key) ?? []
        var scenarios = try Self.scenarios(scenariosNode, flows: [ScenarioSpec.defaultFlow] + flowNames.filter { $0 != ScenarioSpec.defaultFlow })
        if scenarios.count > 1, let dataNode = top["data"] {
            throw dataNode.error("data sets can be used with one scenario only (this file has \(scenarios.count))")
        }
        // `${env.NAME}` of a name some scenario sets is filled in per scenario, by the agents.
        let deferred = scenarioEnvironmentNames(scenarios)
        var defaultHeaders = try top["headers"]?.headers() ?? []
        try templateHeaders(
            &defaultHeaders, at: top["headers"], scope: TemplateScope(names: TemplateNames(), environment: environment, deferred: deferred))
        var session: SessionSpec?
        if top["cookies"] != nil || top["http"] != nil {
            session = SessionSpec(
                cookies: try top["cookies"].map { node throws(ScenarioFileError) in try Self.cookies(node) } ?? .perIteration,
                http: try top["http"].map { node throws(ScenarioFileError) in try Self.http(node, baseDirectory: baseDirectory) } ?? HTTPOptions())
        }
        let data = try top["data"].map { node throws(ScenarioFileError) in try Self.dataSets(node, baseDirectory: baseDirectory) } ?? []
        var columns: [String: [String]] = [:]
        for source in data { columns[source.spec.name] = source.spec.columns }
        var scope = TemplateScope(names: TemplateNames(dataColumns: columns), environment: environment, deferred: deferred)
        scope.setupNames = setupNames(top["setup"])
        let context = FlowContext(target: target, defaultHeaders: defaultHeaders, baseDirectory: baseDirectory, scope: scope, flowNames: [])
        let workload = try Self.workload(
            requests: top["flows"] == nil ? try top.required("requests", "a list of requests, e.g. [{path: /api/posts/}]") : top["requests"],
            flows: top["flows"], root: top, context: context)
        // `flow:` calls in setup/teardown see the file's flows (`default` too).
        var callable = workload.flows
        if callable.isEmpty { callable[RunSpec.defaultFlow] = workload.requests.map(Step.request) }
        let setup = try onceSteps(top["setup"], stage: .setup, flows: callable, context: context)
        let teardown = try onceSteps(top["teardown"], stage: .teardown, flows: callable, context: context)
        let requests = workload.requests
        let thresholds = try top["thresholds"].map { node throws(ScenarioFileError) in try Self.thresholds(node) } ?? []

        try completeEnvironments(
            &scenarios, requests: requests + workload.flows.values.flatMap { Step.requests(in: $0) }, environment: environment, at: scenariosNode)

        let first = scenarios[0]
        var result = Scenario(
            name: first.name, target: target, requests: requests, iterationSleep: iterationSleep,
            executor: first.executor, gracefulStopMicros: try Self.gracefulStop(scenariosNode, first.name),
            timeoutMicros: timeout, thresholds: thresholds)
        result.scenarios = scenarios
        result.session = session
        result.data = data
        result.flows = workload.flows
        result.setup = setup
        result.teardown = teardown
        return result
    }

    /// The first scenario's own `gracefulStop` (nil when it sets none).
    static func gracefulStop(_ node: ScenarioNode, _ name: String) throws(ScenarioFileError) -> Int64? {
        try node.mapping()[name]?.mapping()["gracefulStop"]?.durationMicros()
    }

    /// An absolute `http://` or `https://` URL.
    static func url(_ node: ScenarioNode) throws(ScenarioFileError) -> String {
        let text = try node.string("an http:// or https:// URL")
        do {
            _ = try TargetURL(text)
        } catch {
            throw node.error(error.description)
        }
        return text
    }

    /// Parses the text into a node tree, turning Yams' errors into one-line errors with a line.
    ///
    /// The text is checked against ``YAMLLimits/standard`` first, so an alias bomb or a file
    /// nested thousands deep is refused before Yams composes (and would expand) it.
    static func compose(_ text: String, file: String) throws(ScenarioFileError) -> Node? {
        do {
            try YAMLLimits.standard.check(text)
        } catch {
            throw ScenarioFileError(file: file, line: error.line, keyPath: "", message: error.message)
        }
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (line, detail) = describe(error, text: text)
            throw ScenarioFileError(file: file, line: line, keyPath: "", message: "not valid YAML: \(detail)")
        } catch {
            throw ScenarioFileError(file: file, line: nil, keyPath: "", message: "not valid YAML: \(reason(error))")
        }
    }

    /// The line and the one-line problem of a Yams error (its own description spans lines).
    static func describe(_ error: YamlError, text: String) -> (line: Int?, detail: String) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return (mark.line, problem + (context.map { " (\($0.text))" } ?? ""))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return (context.mark.line, "duplicate key \(keys): each key may appear once per mapping")
        case .reader(let problem, let offset, _, _):
            let line = offset.map { offset in 1 + text.utf8.prefix(offset).count { $0 == UInt8(ascii: "\n") } }
            return (line, problem)
        default:
            return (nil, reason(error))
        }
    }

    /// The first line of an error's description.
    static func reason(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
    }
}
