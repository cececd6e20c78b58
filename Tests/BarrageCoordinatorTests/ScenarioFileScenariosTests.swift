import BarrageCore
import Testing
@testable import BarrageCoordinator

/// `scenarios:` with several scenarios: k6's keys, caps, and per-scenario `${env.NAME}`.
struct ScenarioFileScenariosTests {
    static let twoScenarios = """
        target: http://127.0.0.1:8080
        scenarios:
          browsers: {executor: constant-vus, vus: 20, duration: 1m}
          buyers:
            executor: constant-arrival-rate
            rate: 5
            duration: 30s
            preAllocatedVUs: 4
            exec: default
            startTime: 10s
            gracefulStop: 2s
            tags: {team: payments}
            env: {REGION: eu}
        requests:
          - {name: home, path: "/home?region=${env.REGION}"}
        """

    func parse(_ text: String, environment: [String: String] = [:]) throws(ScenarioFileError) -> Scenario {
        try ScenarioFile.parse(text, file: "test.yaml", baseDirectory: "/nonexistent", environment: environment)
    }

    @Test func parsesEveryScenarioWithK6Keys() throws {
        let scenario = try parse(Self.twoScenarios, environment: ["REGION": "us"])
        #expect(scenario.scenarios.map(\.name) == ["browsers", "buyers"])
        let buyers = scenario.scenarios[1]
        #expect(buyers.executor == .constantArrivalRate(rate: 5, timeUnitMicros: 1_000_000, durationMicros: 30_000_000, preAllocatedVUs: 4, maxVUs: 4))
        #expect(buyers.startTimeMicros == 10_000_000 && buyers.gracefulStopMicros == 2_000_000)
        #expect(buyers.tags == ["team": "payments"] && buyers.env == ["REGION": "eu"])
        // A scenario without its own value gets the coordinator's, for the agents to fill in.
        #expect(scenario.scenarios[0].env == ["REGION": "us"] && scenario.scenarios[0].gracefulStopMicros == 30_000_000)
        // The per-scenario name stays a template for the agents.
        #expect(scenario.requests[0].url == "http://127.0.0.1:8080/home?region=${env.REGION}")
    }

    @Test func aNameNoScenarioSetsNeedsTheEnvironment() {
        #expect(throws: ScenarioFileError.self) { try parse(Self.twoScenarios) }
        do {
            _ = try parse(Self.twoScenarios)
        } catch {
            #expect(error.keyPath == "scenarios.browsers" && error.line == 3, "\(error)")
            #expect(error.message.contains("'${env.REGION}'"), "\(error)")
        }
    }

    @Test func severalScenariosMakeTheSpecCarryThemAll() throws {
        let scenario = try parse(Self.twoScenarios, environment: ["REGION": "us"])
        let spec = try WorkloadFlags().spec(scenario: scenario)
        #expect(spec.scenarios?.map(\.name) == ["browsers", "buyers"])
        #expect(spec.vus == 24)
        #expect(spec.durationMicros == 60_000_000)
        #expect(spec.hardEndMicros == 90_000_000)
        let buyers = try spec.running(try #require(spec.scenarios?[1]))
        #expect(buyers.iterationRequests[0].url == "http://127.0.0.1:8080/home?region=eu")
        let browsers = try spec.running(try #require(spec.scenarios?[0]))
        #expect(browsers.iterationRequests[0].url == "http://127.0.0.1:8080/home?region=us")
        try spec.validate()
    }

    @Test func refusesTooManyScenariosAndBadKeys() {
        let many = "target: http://127.0.0.1:8080\nscenarios:\n"
            + (0...RunSpec.ScenarioLimits.maxScenarios).map { "  s\($0): {executor: shared-iterations}\n" }.joined()
            + "requests: [{path: /}]\n"
        let cases: [(String, Int?, String, String)] = [
            (many, 103, "scenarios.s100", "at most 100 scenarios are accepted, got 101"),
            ("target: http://127.0.0.1:8080\nscenarios:\n  a: {executor: shared-iterations, startTime: soon}\nrequests: [{path: /}]\n",
             3, "scenarios.a.startTime", "duration"),
            ("target: http://127.0.0.1:8080\nscenarios:\n  a: {executor: shared-iterations, tags: [x]}\nrequests: [{path: /}]\n",
             3, "scenarios.a.tags", "expected a mapping of tag names"),
            ("target: http://127.0.0.1:8080\nscenarios:\n  a: {executor: shared-iterations, execs: x}\nrequests: [{path: /}]\n",
             3, "scenarios.a.execs", "unknown key 'execs'"),
            ("target: http://127.0.0.1:8080\nscenarios:\n  a: {executor: shared-iterations}\n  b: {executor: shared-iterations}\n"
                + "data: {users: {file: users.csv}}\nrequests: [{path: /}]\n", 5, "data", "data sets can be used with one scenario only"),
        ]
        for (text, line, keyPath, message) in cases {
            do {
                _ = try parse(text)
                Issue.record("accepted: \(keyPath)")
            } catch {
                #expect(error.line == line, "\(error)")
                #expect(error.keyPath == keyPath, "\(error)")
                #expect(error.message.contains(message), "\(error)")
            }
        }
    }
}
