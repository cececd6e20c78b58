import Testing
@testable import BarrageCore

/// Several scenarios with flows: each scenario's loops run the flow its `exec:` names.
struct ScenarioExecTests {
    static func spec(_ scenarios: [ScenarioSpec]) -> RunSpec {
        var spec = RunSpec(url: "http://127.0.0.1:8080/", executor: scenarios[0].executor)
        spec.requests = [RequestSpec(name: "home", url: "http://127.0.0.1:8080/")]
        spec.flows = [
            "browse": [.request(RequestSpec(name: "list", url: "http://127.0.0.1:8080/list"))],
            "buy": [.request(RequestSpec(name: "order", url: "http://127.0.0.1:8080/order")), .call("browse")],
        ]
        spec.scenarios = scenarios
        return spec
    }

    @Test func eachScenarioRunsItsExecFlow() throws {
        let executor = ExecutorConfig.constantVUs(vus: 2, durationMicros: 2_000_000)
        let spec = Self.spec([
            ScenarioSpec(name: "browsers", executor: executor, exec: "browse"),
            ScenarioSpec(name: "buyers", executor: executor, exec: "buy"),
            ScenarioSpec(name: "plain", executor: executor),
        ])
        try spec.validate()
        let names = try spec.scenarios.map { scenarios in
            try scenarios.map { try spec.running($0).program().requests.map(\.spec.name) }
        }
        #expect(names == [["list"], ["order", "list"], ["home"]])
    }

    @Test func anUnknownExecIsRefused() {
        let executor = ExecutorConfig.constantVUs(vus: 1, durationMicros: 2_000_000)
        #expect(throws: SpecError.self) { try Self.spec([ScenarioSpec(name: "a", executor: executor, exec: "nope")]).validate() }
    }

    /// A scenario's `env:` fills `${env.NAME}` in every flow its loops run, nested and called ones
    /// too, each scenario with its own values; a name its env lacks is the scenario's error.
    @Test func eachScenarioFillsItsEnvIntoItsFlows() throws {
        let executor = ExecutorConfig.constantVUs(vus: 1, durationMicros: 2_000_000)
        var spec = Self.spec([
            ScenarioSpec(name: "eu", executor: executor, exec: "buy", env: ["REGION": "eu"]),
            ScenarioSpec(name: "us", executor: executor, exec: "buy", env: ["REGION": "us"]),
        ])
        spec.flows?["browse"] = [.group(FlowGroup(name: "g", steps: [.request(RequestSpec(name: "list", url: "http://127.0.0.1:8080/${env.REGION}/list"))]))]
        try spec.validate()
        let urls = try spec.scenarios.map { scenarios in
            try scenarios.map { try spec.running($0).program().requests.map(\.spec.url) }
        }
        #expect(urls == [
            ["http://127.0.0.1:8080/order", "http://127.0.0.1:8080/eu/list"], ["http://127.0.0.1:8080/order", "http://127.0.0.1:8080/us/list"],
        ])
        let lacking = ScenarioSpec(name: "none", executor: executor, exec: "buy", env: ["OTHER": "x"])
        #expect(throws: SpecError.self) { try spec.running(lacking) }
    }
}
