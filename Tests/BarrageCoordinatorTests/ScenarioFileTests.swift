import BarrageCore
import Foundation
import Testing
@testable import BarrageCoordinator

struct ScenarioFileTests {
    static let example = """
        target: http://127.0.0.1:8080          # base for relative paths
        headers: {Accept: application/json}    # default headers for every request
        timeout: 10s
        sleep: 1s
        scenarios:
          feed:
            executor: ramping-vus
            startVUs: 0
            stages: [{duration: 30s, target: 1000}, {duration: 3m, target: 1000}]
            gracefulRampDown: 30s
            gracefulStop: 30s
        requests:
          - name: feed
            method: GET
            path: /api/posts/
            headers: {X-Test: yes}
            body: '{"a":1}'
            checks: {status: [200], bodyContains: ["posts"], headers: {Content-Type: application/json}, durationBelow: 500ms}
            sleep: 1s
        thresholds:
          http_req_duration: ["p(95)<500"]
          "http_req_duration{name:feed}": ["p(99)<1500"]
          http_req_failed: [{threshold: "rate<0.01", abortOnFail: true, delayAbortEval: 10s}]
        """

    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func parse(_ text: String, baseDirectory: String = "/nonexistent") throws(ScenarioFileError) -> Scenario {
        try ScenarioFile.parse(text, file: "test.yaml", baseDirectory: baseDirectory)
    }

    /// A minimal file around one scenario's options.
    static func withScenario(_ options: String) -> String {
        "target: http://127.0.0.1:8080\nscenarios:\n  s:\n" + options + "requests:\n  - path: /\n"
    }

    // MARK: - The whole shape

    @Test func parsesTheIssueExampleExactly() throws {
        let scenario = try parse(Self.example)
        let expected = Scenario(
            name: "feed",
            target: "http://127.0.0.1:8080",
            requests: [
                RequestSpec(
                    name: "feed", method: "GET", url: "http://127.0.0.1:8080/api/posts/",
                    headers: [HTTPHeader(name: "Accept", value: "application/json"), HTTPHeader(name: "X-Test", value: "yes")],
                    body: "{\"a\":1}",
                    checks: RequestChecks(
                        statuses: [200], bodyContains: ["posts"],
                        headerEquals: [HTTPHeader(name: "Content-Type", value: "application/json")],
                        durationBelowMicros: 500_000),
                    sleep: .fixed(micros: 1_000_000)),
            ],
            iterationSleep: .fixed(micros: 1_000_000),
            executor: .rampingVUs(
                startVUs: 0,
                stages: [Stage(durationMicros: 30_000_000, target: 1000), Stage(durationMicros: 180_000_000, target: 1000)],
                gracefulRampDownMicros: 30_000_000),
            gracefulStopMicros: 30_000_000,
            timeoutMicros: 10_000_000,
            thresholds: [
                try Threshold.parse(metric: "http_req_duration", expressions: ["p(95)<500"]),
                try Threshold.parse(metric: "http_req_duration{name:feed}", expressions: ["p(99)<1500"]),
                try Threshold.parse(
                    metric: "http_req_failed", expressions: ["rate<0.01"], abortOnFail: true, delayAbortEvalMicros: 10_000_000),
            ])
        var withList = expected
        withList.scenarios = [ScenarioSpec(name: "feed", executor: expected.executor, gracefulStopMicros: 30_000_000)]
        #expect(scenario == withList)
        #expect(scenario.thresholds[1].tags == [Threshold.Tag(key: "name", value: "feed")])
    }

    @Test func appliesDefaults() throws {
        let scenario = try parse("""
            scenarios:
              s: {executor: constant-vus, duration: 30s}
            requests:
              - url: http://127.0.0.1:9/x
            """)
        #expect(scenario.executor == .constantVUs(vus: 1, durationMicros: 30_000_000))
        #expect(scenario.target == nil && scenario.timeoutMicros == nil && scenario.iterationSleep == nil)
        #expect(scenario.gracefulStopMicros == nil && scenario.thresholds.isEmpty)
        let request = try #require(scenario.requests.first)
        #expect(request == RequestSpec(name: "GET http://127.0.0.1:9/x", url: "http://127.0.0.1:9/x"))
        #expect(request.checks == RequestChecks() && request.body == nil && request.sleep == nil)
    }

    @Test func defaultNameIsMethodAndPathAndMethodIsUpperCased() throws {
        let scenario = try parse(Self.withScenario("    executor: per-vu-iterations\n") + "  - {method: post, path: /api/posts/}\n")
        #expect(scenario.requests.map(\.name) == ["GET /", "POST /api/posts/"])
        #expect(scenario.requests[1].method == "POST")
        #expect(scenario.requests[1].url == "http://127.0.0.1:8080/api/posts/")
    }

    @Test func joinsATargetWithATrailingSlash() throws {
        let scenario = try parse("""
            target: http://127.0.0.1:8080/
            scenarios: {s: {executor: shared-iterations}}
            requests: [{path: /healthz}]
            """)
        #expect(scenario.requests[0].url == "http://127.0.0.1:8080/healthz")
        #expect(scenario.target == "http://127.0.0.1:8080")
    }

    @Test func requestHeadersOverrideDefaultsCaseInsensitively() throws {
        let scenario = try parse("""
            target: http://127.0.0.1:8080
            headers: {Accept: application/json, User-Agent: barrage}
            scenarios: {s: {executor: shared-iterations}}
            requests: [{path: /, headers: {accept: text/plain, X-A: "1"}}]
            """)
        #expect(scenario.requests[0].headers == [
            HTTPHeader(name: "User-Agent", value: "barrage"), HTTPHeader(name: "accept", value: "text/plain"),
            HTTPHeader(name: "X-A", value: "1"),
        ])
    }

    @Test func checksTakeASingleStatusAndThinkTimeRanges() throws {
        let scenario = try parse("""
            target: http://127.0.0.1:8080
            sleep: 500ms..1500ms
            scenarios: {s: {executor: shared-iterations}}
            requests: [{path: /, checks: {status: 204, bodyContains: ok}, sleep: 0}]
            """)
        #expect(scenario.iterationSleep == .uniform(minMicros: 500_000, maxMicros: 1_500_000))
        #expect(scenario.requests[0].checks == RequestChecks(statuses: [204], bodyContains: ["ok"]))
        #expect(scenario.requests[0].sleep == .fixed(micros: 0))
    }

    // MARK: - Executors

    @Test(arguments: [
        ("executor: constant-vus\nvus: 10\nduration: 1m", ExecutorConfig.constantVUs(vus: 10, durationMicros: 60_000_000)),
        ("executor: ramping-vus\nstages: [{duration: 10s, target: 5}]",
         .rampingVUs(startVUs: 1, stages: [Stage(durationMicros: 10_000_000, target: 5)], gracefulRampDownMicros: 30_000_000)),
        ("executor: ramping-vus\nstartVUs: 3\nstages: [{duration: 1s, target: 0}]\ngracefulRampDown: 0",
         .rampingVUs(startVUs: 3, stages: [Stage(durationMicros: 1_000_000, target: 0)], gracefulRampDownMicros: 0)),
        ("executor: constant-arrival-rate\nrate: 50\nduration: 30s\npreAllocatedVUs: 20",
         .constantArrivalRate(rate: 50, timeUnitMicros: 1_000_000, durationMicros: 30_000_000, preAllocatedVUs: 20, maxVUs: 20)),
        ("executor: constant-arrival-rate\nrate: 5\ntimeUnit: 100ms\nduration: 2s\npreAllocatedVUs: 2\nmaxVUs: 9",
         .constantArrivalRate(rate: 5, timeUnitMicros: 100_000, durationMicros: 2_000_000, preAllocatedVUs: 2, maxVUs: 9)),
        ("executor: ramping-arrival-rate\nstages: [{duration: 10s, target: 100}, {duration: 5s, target: 0}]\npreAllocatedVUs: 10",
         .rampingArrivalRate(
            startRate: 0, timeUnitMicros: 1_000_000,
            stages: [Stage(durationMicros: 10_000_000, target: 100), Stage(durationMicros: 5_000_000, target: 0)],
            preAllocatedVUs: 10, maxVUs: 10)),
        ("executor: ramping-arrival-rate\nstartRate: 4\ntimeUnit: 1m\nstages: [{duration: 1m, target: 8}]\npreAllocatedVUs: 1\nmaxVUs: 3",
         .rampingArrivalRate(
            startRate: 4, timeUnitMicros: 60_000_000, stages: [Stage(durationMicros: 60_000_000, target: 8)],
            preAllocatedVUs: 1, maxVUs: 3)),
        ("executor: per-vu-iterations", .perVUIterations(vus: 1, iterations: 1, maxDurationMicros: 600_000_000)),
        ("executor: per-vu-iterations\nvus: 4\niterations: 7\nmaxDuration: 5s",
         .perVUIterations(vus: 4, iterations: 7, maxDurationMicros: 5_000_000)),
        ("executor: shared-iterations", .sharedIterations(vus: 1, iterations: 1, maxDurationMicros: 600_000_000)),
        ("executor: shared-iterations\nvus: 3\niterations: 30\nmaxDuration: 90s",
         .sharedIterations(vus: 3, iterations: 30, maxDurationMicros: 90_000_000)),
    ])
    func parsesEachExecutor(options: String, expected: ExecutorConfig) throws {
        let indented = options.split(separator: "\n").map { "    " + $0 + "\n" }.joined()
        let scenario = try parse(Self.withScenario(indented + "    gracefulStop: 5s\n"))
        #expect(scenario.name == "s")
        #expect(scenario.executor == expected)
        #expect(scenario.gracefulStopMicros == 5_000_000)
    }

    // MARK: - Errors, each with its exact line and key

    /// (file text, line, key path, message or a part of it)
    static let badFiles: [(String, Int?, String, String)] = [
        // Unknown keys, at every level, listing what is accepted.
        ("targte: http://x\n", 1, "targte",
         "unknown key 'targte': expected one of target, headers, timeout, sleep, scenarios, requests, flows, thresholds"),
        (withScenario("    executor: constant-vus\n    duration: 1s\n    vu: 5\n"), 6, "scenarios.s.vu",
         "unknown key 'vu': expected one of executor, vus, duration, gracefulStop, exec, startTime, tags, env"),
        (withScenario("    executor: constant-vus\n    duration: 1s\n    stages: []\n"), 6, "scenarios.s.stages", "unknown key 'stages'"),
        (withScenario("    executor: ramping-vus\n    stages: [{duration: 1s, target: 1, foo: 2}]\n"), 5,
         "scenarios.s.stages[0].foo", "unknown key 'foo': expected one of duration, target"),
        (withScenario("    executor: shared-iterations\n") + "    pth: /x\n", 7, "requests[0].pth",
         "unknown key 'pth': expected one of name, method, path, url, headers, body, bodyFile, checks, sleep"),
        (withScenario("    executor: shared-iterations\n") + "    checks: {statuses: [200]}\n", 7, "requests[0].checks.statuses",
         "unknown key 'statuses': expected one of status, bodyContains, bodyNotContains, headers, json, durationBelow"),
        // Wrong types.
        ("target: [http://x]\n", 1, "target", "expected an http:// or https:// URL, got a list"),
        (withScenario("    executor: ramping-vus\n    stages: 5\n"), 5, "scenarios.s.stages",
         "expected a list of {duration, target}, e.g. [{duration: 30s, target: 100}], got '5'"),
        ("scenarios: [a]\n", 1, "scenarios", "expected a mapping of scenario names to their executor options"),
        ("- a\n", 1, "", "expected a mapping with 'scenarios' and 'requests', got a list"),
        (withScenario("    executor: shared-iterations\n") + "    headers: [a]\n", 7, "requests[0].headers",
         "expected a mapping of header names to values, got a list"),
        // Bad values.
        (withScenario("    executor: ramping-vus\n    stages:\n      - {duration: 1s, target: 1}\n      - {duration: 1s, target: ten}\n"),
         7, "scenarios.s.stages[1].target", "expected a whole number >= 0, got 'ten'"),
        (withScenario("    executor: constant-vus\n    duration: 10\n"), 5, "scenarios.s.duration", "duration '10' has no unit"),
        (withScenario("    executor: constant-vus\n    vus: -3\n    duration: 1s\n"), 5, "scenarios.s.vus",
         "expected a whole number >= 0, got '-3'"),
        (withScenario("    executor: shared-iterations\n") + "    checks: {status: [200, 600]}\n", 7, "requests[0].checks.status[1]",
         "expected a status from 100 to 599, got '600'"),
        (withScenario("    executor: shared-iterations\n") + "    checks: {status: [2xx]}\n", 7, "requests[0].checks.status[0]",
         "expected a status from 100 to 599, got '2xx'"),
        ("target: ftp://127.0.0.1\n", 1, "target", "invalid URL 'ftp://127.0.0.1': scheme 'ftp' is not supported, use http or https"),
        (withScenario("    executor: shared-iterations\n") + "  - url: 127.0.0.1:8080/x\n", 7, "requests[1].url",
         "invalid URL '127.0.0.1:8080/x': expected an absolute http:// or https:// URL"),
        (withScenario("    executor: constant-vu\n"), 4, "scenarios.s.executor",
         "unknown 'constant-vu' (one of: constant-vus, ramping-vus, constant-arrival-rate, ramping-arrival-rate, per-vu-iterations, shared-iterations)"),
        (withScenario("    executor: shared-iterations\n") + "    method: FETCH\n", 7, "requests[0].method",
         "unknown method 'FETCH': expected one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"),
        ("sleep: 1s..\n", 1, "sleep", "invalid think time '1s..'"),
        ("timeout: 0\n", 1, "timeout", "expected a duration above 0s, got '0'"),
        (withScenario("    executor: shared-iterations\n") + "  - path: api\n", 7, "requests[1].path",
         "expected a path starting with '/' and without spaces, got 'api'"),
        (withScenario("    executor: shared-iterations\n") + "    checks: {durationBelow: soon}\n", 7,
         "requests[0].checks.durationBelow", "invalid duration 'soon'"),
        (withScenario("    executor: shared-iterations\n") + "    headers: {'Bad Name': x}\n", 7, "requests[0].headers.Bad Name",
         "invalid header name 'Bad Name'"),
        // The executor's own validation, at the option at fault or at the scenario.
        (withScenario("    executor: constant-vus\n    vus: 0\n    duration: 1s\n"), 5, "scenarios.s.vus",
         "the number of VUs must be more than 0, but is 0"),
        (withScenario("    executor: constant-vus\n    duration: 500ms\n"), 5, "scenarios.s.duration",
         "the duration must be at least 1s, but is 500ms"),
        (withScenario("    executor: shared-iterations\n    vus: 5\n"), 4, "scenarios.s",
         "the number of iterations (1) can't be less than the number of VUs (5)"),
        (withScenario("    executor: constant-arrival-rate\n    rate: 1\n    duration: 1s\n    preAllocatedVUs: 5\n    maxVUs: 2\n"),
         8, "scenarios.s.maxVUs", "maxVUs (2) can't be less than preAllocatedVUs (5)"),
        (withScenario("    executor: ramping-vus\n    startVUs: 0\n    stages: [{duration: 1s, target: 0}]\n"), 6,
         "scenarios.s.stages", "either startVUs or one of the stages' target values must be greater than 0"),
        (withScenario("    executor: ramping-vus\n    stages: []\n"), 5, "scenarios.s.stages", "expected at least one stage"),
        // Missing keys.
        (withScenario("    startVUs: 1\n"), 4, "scenarios.s.executor", "missing required key: expected one of constant-vus,"),
        (withScenario("    executor: constant-vus\n"), 4, "scenarios.s.duration", "missing required key: expected a duration such as 30s"),
        (withScenario("    executor: constant-arrival-rate\n    duration: 1s\n    preAllocatedVUs: 1\n"), 4, "scenarios.s.rate",
         "missing required key"),
        (withScenario("    executor: ramping-vus\n    stages: [{target: 1}]\n"), 5, "scenarios.s.stages[0].duration",
         "missing required key"),
        ("target: http://127.0.0.1:8080\nrequests: [{path: /}]\n", 1, "scenarios", "missing required key"),
        ("target: http://127.0.0.1:8080\nscenarios: {s: {executor: shared-iterations}}\n", 1, "requests", "missing required key"),
        ("target: http://127.0.0.1:8080\nscenarios: {s: {executor: shared-iterations}}\nrequests: []\n", 3, "requests",
         "expected at least one request"),
        (withScenario("    executor: shared-iterations\n") + "  - name: x\n", 7, "requests[1]", "missing 'path' or 'url'"),
        // Keys that exclude each other.
        (withScenario("    executor: shared-iterations\n") + "    url: http://127.0.0.1/\n", 7, "requests[0].url",
         "'path' and 'url' exclude each other: set only one"),
        (withScenario("    executor: shared-iterations\n") + "    body: a\n    bodyFile: b.json\n", 8, "requests[0].bodyFile",
         "'body' and 'bodyFile' exclude each other"),
        // At least one scenario; `exec` names a flow.
        ("target: http://127.0.0.1:8080\nscenarios: {}\nrequests: [{path: /}]\n", 2, "scenarios",
         "expected at least one scenario, got none"),
        ("scenarios:\n  a: {executor: shared-iterations}\n  b: {executor: shared-iterations, exec: checkout}\nrequests: [{url: http://127.0.0.1/}]\n",
         3, "scenarios.b.exec", "unknown flow 'checkout': expected one of default"),
        // Requests.
        ("scenarios: {s: {executor: shared-iterations}}\nrequests:\n  - path: /api/posts/\n", 3, "requests[0].path",
         "a relative path needs 'target:' at the top level"),
        (withScenario("    executor: shared-iterations\n") + "  - name: GET /\n    path: /x\n", 7, "requests[1].name",
         "duplicate request name 'GET /' (also requests[0], line 6): names must be unique"),
        (withScenario("    executor: shared-iterations\n") + "    bodyFile: missing.json\n", 7, "requests[0].bodyFile",
         "can't read body file '/nonexistent/missing.json'"),
        // Thresholds.
        (withScenario("    executor: shared-iterations\n") + "thresholds:\n  http_req_duraton: [\"p(95)<500\"]\n", 8,
         "thresholds.http_req_duraton", "unknown metric 'http_req_duraton' in threshold"),
        (withScenario("    executor: shared-iterations\n") + "thresholds:\n  http_req_duration:\n    - p(95)<500\n    - p95<500\n", 10,
         "thresholds.http_req_duration[1]", "invalid threshold 'p95<500'"),
        (withScenario("    executor: shared-iterations\n") + "thresholds:\n  http_req_failed: [\"p(95)<1\"]\n", 8,
         "thresholds.http_req_failed[0]", "uses 'p(95)', but http_req_failed supports only"),
        (withScenario("    executor: shared-iterations\n") + "thresholds:\n  http_req_failed: [{threshold: rate<0.1, abortOnFail: maybe}]\n",
         8, "thresholds.http_req_failed[0].abortOnFail", "expected true or false, got 'maybe'"),
        (withScenario("    executor: shared-iterations\n") + "thresholds:\n  http_req_failed: [{abortOnFail: true}]\n",
         8, "thresholds.http_req_failed[0].threshold", "missing required key"),
        (withScenario("    executor: shared-iterations\n") + "thresholds:\n  http_req_failed: rate<0.1\n",
         8, "thresholds.http_req_failed", "expected a list of expressions, e.g. [\"p(95)<500\"], got 'rate<0.1'"),
        // YAML syntax.
        ("target: http://127.0.0.1:8080\nscenarios:\n  s: {executor: [\n", 4, "", "not valid YAML: "),
        ("target: a\ntarget: b\n", 1, "", "not valid YAML: duplicate key 'target'"),
        ("target: 'unterminated\n", 2, "", "not valid YAML: found unexpected end of stream (while scanning a quoted scalar)"),
        ("", nil, "", "the file is empty"),
    ]

    @Test(arguments: badFiles)
    func rejectsBadFilesNamingLineAndKey(text: String, line: Int?, keyPath: String, message: String) {
        do {
            let scenario = try parse(text)
            Issue.record("accepted: \(text) as \(scenario)")
        } catch {
            #expect(error.file == "test.yaml")
            #expect(error.line == line, "\(error)")
            #expect(error.keyPath == keyPath, "\(error)")
            #expect(error.message.contains(message), "\(error)")
            #expect(!error.description.contains("\n"), "\(error)")
        }
    }

    @Test func describesTheErrorOnOneLine() {
        let error = ScenarioFileError(
            file: "config/feed.yaml", line: 7, keyPath: "scenarios.feed.stages[1].target",
            message: "expected a whole number >= 0, got 'ten'")
        #expect(error.description == "config/feed.yaml:7: scenarios.feed.stages[1].target: expected a whole number >= 0, got 'ten'")
        #expect(ScenarioFileError(file: "f.yaml", line: nil, keyPath: "", message: "m").description == "f.yaml: m")
    }

    // MARK: - Thresholds

    @Test func splitsAMetricsEntriesByAbortSettings() throws {
        let scenario = try parse(Self.withScenario("    executor: shared-iterations\n") + """
            thresholds:
              http_req_failed:
                - rate<0.1
                - {threshold: "rate<0.5", abortOnFail: true}
                - {threshold: "rate<0.2"}
                - {threshold: "rate<0.9", abortOnFail: true, delayAbortEval: 1s}
            """)
        #expect(scenario.thresholds == [
            try Threshold.parse(metric: "http_req_failed", expressions: ["rate<0.1", "rate<0.2"]),
            try Threshold.parse(metric: "http_req_failed", expressions: ["rate<0.5"], abortOnFail: true),
            try Threshold.parse(
                metric: "http_req_failed", expressions: ["rate<0.9"], abortOnFail: true, delayAbortEvalMicros: 1_000_000),
        ])
    }

    // MARK: - Files

    @Test func readsABodyFileRelativeToTheScenarioFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("bodies"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{\"name\":\"é\"}\n".utf8).write(to: folder.appendingPathComponent("bodies/post.json"))
        let file = folder.appendingPathComponent("scenario.yaml")
        try Data((Self.withScenario("    executor: shared-iterations\n") + "    method: POST\n    bodyFile: bodies/post.json\n").utf8)
            .write(to: file)

        let scenario = try ScenarioFile.load(path: file.path)
        #expect(scenario.requests[0].body == "{\"name\":\"é\"}\n")

        try Data([0xff, 0xfe]).write(to: folder.appendingPathComponent("bodies/post.json"))
        #expect(throws: ScenarioFileError.self) { try ScenarioFile.load(path: file.path) }
    }

    @Test func namesAnUnreadableFile() {
        let error = #expect(throws: ScenarioFileError.self) { try ScenarioFile.load(path: "/nonexistent/feed.yaml") }
        #expect(error?.file == "/nonexistent/feed.yaml")
        #expect(error?.line == nil)
        #expect(error?.message.hasPrefix("can't read the scenario file: ") == true, "\(String(describing: error))")
    }

    /// Every example in config/ parses, so the examples never rot.
    @Test func parsesEveryExampleInConfig() throws {
        let config = Self.root.appendingPathComponent("config")
        let names = try FileManager.default.contentsOfDirectory(atPath: config.path).filter { $0.hasSuffix(".yaml") }.sorted()
        let scenarios = names.filter { $0 != "agents.yaml" }
        #expect(scenarios == ["arrival-rate.yaml", "feed.yaml", "iterations.yaml", "multi-request.yaml", "multi-scenario.yaml", "ramping.yaml", "shop-flows.yaml", "shop-session.yaml"])
        var loaded: [String: Scenario] = [:]
        for name in scenarios {
            do {
                loaded[name] = try ScenarioFile.load(path: config.appendingPathComponent(name).path)
            } catch {
                Issue.record("\(error)")
            }
        }
        let mixed = try #require(loaded["multi-scenario.yaml"])
        #expect(mixed.scenarios.map(\.name) == ["browsers", "buyers"])
        #expect(mixed.scenarios.map(\.env) == [["REGION": "us"], ["REGION": "eu"]])
        #expect(try WorkloadFlags().spec(scenario: mixed).vus == 1000)
        let feed = try #require(loaded["feed.yaml"])
        #expect(feed.executor == .rampingVUs(
            startVUs: 0,
            stages: [Stage(durationMicros: 30_000_000, target: 1000), Stage(durationMicros: 180_000_000, target: 1000)],
            gracefulRampDownMicros: 30_000_000))
        #expect(feed.requests == [RequestSpec(
            name: "feed", url: "http://127.0.0.1:8080/api/posts/", checks: RequestChecks(statuses: [200]),
            sleep: .fixed(micros: 1_000_000))])
        #expect(feed.thresholds.map(\.description) == ["http_req_duration: p(95)<500", "http_req_failed: rate<0.01"])
        #expect(loaded["arrival-rate.yaml"]?.executor.name == "constant-arrival-rate")
        #expect(loaded["ramping.yaml"]?.executor.name == "ramping-vus")
        #expect(loaded["iterations.yaml"]?.executor.name == "shared-iterations")
        let multi = try #require(loaded["multi-request.yaml"])
        #expect(multi.requests.map(\.name) == ["health", "feed", "publish"])
        #expect(multi.requests[2].body?.contains("\"author\"") == true)
        let flows = try #require(loaded["shop-flows.yaml"])
        #expect(flows.flows.keys.sorted() == ["checkout", "default", "search"])
        #expect(flows.flowRequests.map(\.name) == ["login", "home", "order", "poll", "vip", "receipt", "search"])
        #expect(flows.setup.map(Step.requests(in:))?.map(\.name) == ["admin-login"])
        #expect(flows.teardown.map(Step.requests(in:))?.map(\.name) == ["cleanup"])
        let shop = try #require(loaded["shop-session.yaml"])
        #expect(shop.requests.map(\.name) == ["login", "account", "product", "logout"])
        #expect(shop.data.map(\.spec.name) == ["users", "products"] && shop.data.map(\.table.rowCount) == [20, 10])
        #expect(shop.session?.http.version == .http2 && shop.session?.cookies == .perIteration)
    }
}
