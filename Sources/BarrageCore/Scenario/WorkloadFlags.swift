/// The workload flags of `coord run` as given on the command line (nil: not given), and how they
/// combine with a scenario file into the ``RunSpec`` the agents run.
///
/// As in k6, flags override the file: `--stages` turns the executor into `ramping-vus`, `--vus` or
/// `--duration` into `constant-vus` (taking the other value from the file's `constant-vus` when it
/// has one); `--sleep`, `--timeout` and `--graceful-stop` replace the file's values.
public struct WorkloadFlags: Sendable, Equatable {
    public var url: String?
    public var vus: Int?
    public var durationMicros: Int64?
    public var stages: [Stage]?
    public var sleep: ThinkTime?
    public var timeoutMicros: Int64?
    public var gracefulStopMicros: Int64?
    public var expectedStatuses: [Int] = []
    public var threads = 0
    public var recordPhases = false
    /// `--insecure-skip-tls-verify`: as the file's `http: {insecureSkipTLSVerify: true}`.
    public var insecureSkipTLSVerify = false

    public static let defaultVUs = 1
    public static let defaultDurationMicros: Int64 = 30_000_000
    public static let defaultTimeoutMicros: Int64 = 60_000_000
    public static let defaultGracefulStopMicros: Int64 = 30_000_000
    /// k6's default `gracefulRampDown`.
    public static let defaultGracefulRampDownMicros: Int64 = 30_000_000

    public init() {}

    /// The spec of the whole test (before the split across agents).
    /// - Throws: ``WorkloadError`` when flags and file conflict, or the result is not a valid executor.
    public func spec(scenario: Scenario?) throws(WorkloadError) -> RunSpec {
        guard var scenario else { return try commandLineSpec() }
        if let url { scenario = try Self.retargeted(scenario, to: url) }
        if !expectedStatuses.isEmpty { throw .conflict("--expect-status", "set `checks: {status: [...]}` on the file's requests instead") }
        guard let first = scenario.requests.first ?? scenario.flowRequests.first else { throw .noRequests }
        try checkExecutorFlags()
        try checkSeveralScenarios(scenario.scenarios)
        var executor = scenario.executor
        if vus != nil, durationMicros == nil, stages == nil, !scenario.executor.isConstantVUs {
            throw .conflict("--vus alone", "the file's \(scenario.executor.name) executor has no single VU count; add --duration (constant-vus) or --stages")
        }
        if let stages {
            executor = .rampingVUs(startVUs: vus ?? Self.defaultVUs, stages: stages, gracefulRampDownMicros: Self.defaultGracefulRampDownMicros)
        } else if vus != nil || durationMicros != nil {
            var fileVUs: Int?
            var fileDuration: Int64?
            if case .constantVUs(let v, let d) = scenario.executor { (fileVUs, fileDuration) = (v, d) }
            executor = .constantVUs(
                vus: vus ?? fileVUs ?? Self.defaultVUs, durationMicros: durationMicros ?? fileDuration ?? Self.defaultDurationMicros)
        }
        do {
            try executor.validate()
        } catch {
            throw .executor(error)
        }
        var spec = RunSpec(
            url: scenario.target ?? first.url, executor: executor,
            thinkTime: sleep ?? scenario.iterationSleep ?? .none,
            timeoutMicros: timeoutMicros ?? scenario.timeoutMicros ?? Self.defaultTimeoutMicros,
            gracefulStopMicros: gracefulStopMicros ?? scenario.gracefulStopMicros ?? Self.defaultGracefulStopMicros,
            threads: threads)
        spec.requests = scenario.requests
        if !scenario.flows.isEmpty {
            spec.flows = scenario.flows
            spec.requests = nil
        }
        spec.session = scenario.session
        spec.setup = scenario.setup
        spec.teardown = scenario.teardown
        if let setup = scenario.setup {
            // The names setup will extract, so expressions on `setup.NAME` compile; the
            // coordinator replaces them with the values once setup ran.
            spec.setupValues = Dictionary(uniqueKeysWithValues: RunSpec.extractedNames(in: setup).map { ($0, "") })
        }
        if !scenario.data.isEmpty {
            var session = spec.session ?? SessionSpec()
            session.data = scenario.data.map(\.spec)
            spec.session = session
        }
        if insecureSkipTLSVerify {
            var session = spec.session ?? SessionSpec()
            session.http.insecureSkipTLSVerify = true
            spec.session = session
        }
        spec.recordPhases = recordPhases
        if let scenarios = scenarioSpecs(scenario.scenarios, executor: executor) {
            spec.scenarios = scenarios
            spec.gracefulStopMicros = scenarios.map(\.gracefulStopMicros).max() ?? spec.gracefulStopMicros
        }
        return spec
    }

    /// The scenario against another base URL: `--url` with a file replaces its `target:`, and the
    /// requests given as `path:` (their URL starts with the target) move with it, so one file runs
    /// against staging, the lab or production. So do the `Origin` and `Referer` headers that name
    /// the target (a browser's recording has them): a server checking them against its own host
    /// (Rails' and Django's CSRF protection) would refuse the old one.
    static func retargeted(_ scenario: Scenario, to url: String) throws(WorkloadError) -> Scenario {
        guard let target = scenario.target?.withoutTrailingSlashes else {
            throw .conflict("--url", "the file has no `target:` to replace; its requests name full URLs")
        }
        let base = url.withoutTrailingSlashes
        var moved = scenario
        moved.target = base
        let origins = (from: Self.origin(of: target), to: Self.origin(of: base))
        func move(_ request: inout RequestSpec) {
            if request.url.hasPrefix(target) { request.url = base + request.url.dropFirst(target.count) }
            for index in request.headers.indices {
                let header = request.headers[index]
                switch header.name.lowercased() {
                case "origin" where header.value == origins.from:
                    request.headers[index].value = origins.to
                case "referer" where Self.isUnder(header.value, target):
                    request.headers[index].value = base + header.value.dropFirst(target.count)
                case "referer" where Self.isUnder(header.value, origins.from):
                    request.headers[index].value = origins.to + header.value.dropFirst(origins.from.count)
                default: break
                }
            }
        }
        for index in moved.requests.indices { move(&moved.requests[index]) }
        moved.flows = moved.flows.mapValues { $0.map { $0.mappingRequests(move) } }
        moved.setup = moved.setup?.map { $0.mappingRequests(move) }
        moved.teardown = moved.teardown?.map { $0.mappingRequests(move) }
        return moved
    }

    /// Whether `url` is `base` or a URL below it (`base/...`, `base?...`), not `base` followed by
    /// more of a host name or port.
    static func isUnder(_ url: String, _ base: String) -> Bool {
        guard url.hasPrefix(base) else { return false }
        return url.utf8.count == base.utf8.count || ["/", "?", "#"].contains(url.dropFirst(base.count).first)
    }

    /// `scheme://host[:port]` of a URL: what a browser sends as `Origin`.
    static func origin(of url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        return String(url[..<(rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? url.endIndex)])
    }

    /// As k6: `--stages` sets the whole duration, so `--duration` with it is a contradiction.
    func checkExecutorFlags() throws(WorkloadError) {
        if stages != nil, durationMicros != nil { throw .conflict("--duration", "--stages sets the duration; give one of them") }
    }

    /// `--url` with `--vus`/`--duration` (constant VUs, any duration from 100ms) or `--stages`.
    func commandLineSpec() throws(WorkloadError) -> RunSpec {
        guard let url else { throw .noWorkload }
        try checkExecutorFlags()
        let executor: ExecutorConfig
        if let stages {
            executor = .rampingVUs(
                startVUs: vus ?? Self.defaultVUs, stages: stages, gracefulRampDownMicros: Self.defaultGracefulRampDownMicros)
            do {
                try executor.validate()
            } catch {
                throw .executor(error)
            }
        } else {
            // Any duration from 100ms (validated by the flags), so not through k6's 1 s minimum.
            executor = .constantVUs(vus: vus ?? Self.defaultVUs, durationMicros: durationMicros ?? Self.defaultDurationMicros)
        }
        var spec = RunSpec(
            url: url, executor: executor, thinkTime: sleep ?? .none,
            timeoutMicros: timeoutMicros ?? Self.defaultTimeoutMicros,
            gracefulStopMicros: gracefulStopMicros ?? Self.defaultGracefulStopMicros,
            expectedStatuses: expectedStatuses, threads: threads)
        spec.recordPhases = recordPhases
        if insecureSkipTLSVerify { spec.session = SessionSpec(http: HTTPOptions(insecureSkipTLSVerify: true)) }
        return spec
    }
}

/// Why flags and a scenario file do not make a run.
public enum WorkloadError: Error, Sendable, Equatable, CustomStringConvertible {
    case noWorkload
    case noRequests
    case conflict(String, String)
    case executor(ExecutorConfigError)

    public var description: String {
        switch self {
        case .noWorkload: return "nothing to run: give a scenario file (coord run config/feed.yaml) or --url"
        case .noRequests: return "the scenario has no requests"
        case .conflict(let flag, let instead): return "\(flag) cannot be used here: \(instead)"
        case .executor(let error): return error.description
        }
    }
}
