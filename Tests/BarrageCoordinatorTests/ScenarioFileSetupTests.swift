import BarrageCore
import Testing
@testable import BarrageCoordinator

/// `setup:` and `teardown:` in a scenario file: parsed as steps, `${setup.NAME}` and `setup.NAME`
/// checked against what setup extracts, and carried to the spec the coordinator runs.
struct ScenarioFileSetupTests {
    static func file(setup: String = Self.login, teardown: String = Self.cleanup, requests: String) -> String {
        """
        target: http://127.0.0.1:8080
        setup:
        \(setup)
        teardown:
        \(teardown)
        scenarios:
          s: {executor: constant-vus, vus: 1, duration: 1s}
        requests:
        \(requests)
        """
    }

    static let login = """
          - name: admin-login
            method: POST
            path: /admin/login
            extract: {adminToken: {json: "$.token"}}
        """
    static let cleanup = #"  - {name: cleanup, method: DELETE, path: /admin/session, headers: {X-Admin: "${setup.adminToken}"}}"#

    func parse(_ text: String) throws(ScenarioFileError) -> Scenario {
        try ScenarioFile.parse(text, file: "s.yaml", baseDirectory: "/nonexistent")
    }

    @Test func setupAndTeardownAreStepsAndTheirValuesAreNamesEverywhere() throws {
        let scenario = try parse(Self.file(requests: """
              - {name: orders, path: "/orders?t=${setup.adminToken}", headers: {X-Admin: "${setup.adminToken}"}}
              - if: "setup.adminToken != ''"
                steps: [{name: vip, path: /vip}]
            """))
        guard case .request(let login)? = scenario.setup?.first, case .request(let cleanup)? = scenario.teardown?.first else {
            Issue.record("setup/teardown not parsed: \(String(describing: scenario.setup))")
            return
        }
        #expect(login.name == "admin-login" && login.method == "POST" && login.url == "http://127.0.0.1:8080/admin/login")
        #expect(cleanup.headers.first { $0.name == "X-Admin" }?.value == "${setup.adminToken}")
        #expect(Step.requests(in: scenario.flows["default"] ?? []).first?.url == "http://127.0.0.1:8080/orders?t=${setup.adminToken}")

        // The spec carries both (not on the wire) and declares the setup's names.
        let spec = try WorkloadFlags().spec(scenario: scenario)
        #expect(spec.setup == scenario.setup && spec.teardown == scenario.teardown)
        #expect(spec.setupValues == ["adminToken": ""])
        try spec.validate()
        let teardown = try #require(spec.onceSpec(.teardown))
        #expect(teardown.iterationRequests.map(\.name) == ["cleanup"])
        #expect(spec.onceSpec(.setup)?.setupValues == nil)

        // Filled in from the values: text, so the load's requests are compiled as static.
        var filled = spec
        filled.setupValues = ["adminToken": "t$${0}"]
        let load = try filled.substitutingSetupValues()
        #expect(Step.requests(in: load.flows?["default"] ?? []).first?.url == "http://127.0.0.1:8080/orders?t=t$$${0}")
        filled.setupValues = [:]
        #expect(throws: SpecError.self) { try filled.substitutingSetupValues() }
    }

    /// Flows the load runs may use `${setup.NAME}`; the setup's spec carries only the flows its
    /// steps call, so the agent (which checks every flow's templates) accepts it.
    @Test func theSetupsSpecCarriesOnlyTheFlowsItCalls() throws {
        let scenario = try parse("""
            target: http://127.0.0.1:8080
            setup:
              - {name: admin-login, method: POST, path: /admin/login, extract: {adminToken: {json: "$.token"}}}
              - random: [{weight: 1, flow: warm}]
            scenarios:
              browsers: {executor: constant-vus, vus: 1, duration: 1s, exec: browse}
            flows:
              browse:
                - {name: home, path: /, headers: {X-Admin: "${setup.adminToken}"}}
              warm:
                - group: warm
                  steps: [{flow: deeper}]
              deeper:
                - {name: deeper, path: /deeper}
            """)
        var spec = try WorkloadFlags().spec(scenario: scenario)
        let setup = try #require(spec.onceSpec(.setup))
        #expect(setup.flows.map { Set($0.keys) } == ["default", "warm", "deeper"])
        #expect(setup.iterationRequests.map(\.name) == ["admin-login", "deeper"])
        try setup.validate()
        spec.setupValues = ["adminToken": "t"]
        let teardown = spec.onceSpec(.teardown)
        #expect(teardown == nil)
    }

    @Test func aSetupNameSetupDoesNotExtractIsALoadError() throws {
        for (requests, key) in [
            (#"  - {name: orders, path: /orders, headers: {X-Admin: "${setup.adminTokn}"}}"#, "adminTokn"),
            ("  - if: \"setup.nope == 'x'\"\n    steps: [{name: a, path: /a}]", "nope"),
        ] {
            do {
                _ = try parse(Self.file(requests: requests))
                Issue.record("\(key) loaded")
            } catch {
                #expect(error.line == 12, "\(error)")
                #expect(error.description.hasPrefix("s.yaml:12:") && error.description.contains(key), "\(error)")
                if key == "adminTokn" { #expect(error.description.contains("(it extracts adminToken)"), "\(error)") }
            }
        }
        // Setup cannot use its own values; teardown's names are checked too.
        let selfUse = #"  - {name: a, path: "/a?t=${setup.adminToken}", extract: {adminToken: {json: "$.t"}}}"#
        #expect(throws: ScenarioFileError.self) { try parse(Self.file(setup: selfUse, requests: "  - {name: o, path: /o}")) }
        let badTeardown = #"  - {name: c, method: DELETE, path: "/c?t=${setup.other}"}"#
        #expect(throws: ScenarioFileError.self) { try parse(Self.file(teardown: badTeardown, requests: "  - {name: o, path: /o}")) }
        #expect(throws: ScenarioFileError.self) { try parse(Self.file(setup: "  []", requests: "  - {name: o, path: /o}")) }
    }

    @Test func hostileSetupValuesAreRefusedByTheSpec() throws {
        var spec = RunSpec(url: "http://127.0.0.1:8080/", vus: 1, durationMicros: 1_000_000)
        for values in [
            ["t": "a\r\nX-Injected: 1"], ["bad name": "x"], ["": "x"],
            ["t": String(repeating: "x", count: RunSpec.SetupLimits.maxValueBytes + 1)],
            Dictionary(uniqueKeysWithValues: (0...RunSpec.SetupLimits.maxValues).map { ("n\($0)", "v") }),
        ] {
            spec.setupValues = values
            #expect(throws: SpecError.self) { try spec.validate() }
        }
        spec.setupValues = ["t": "ok"]
        try spec.validate()
    }
}
