import BarrageCore
import BarrageEngine
import Testing
@testable import BarrageAgent

/// `run_once` on the agent's machine: checked as a `prepare`, started at once with no `ready`,
/// no per-second samples, one `once_done` with the VU's values; hostile ones refused.
struct AgentRunMachineOnceTests {
    static func once(_ stage: RunSpec.OnceStage = .setup, values: [String: String]? = nil) throws -> Message.RunOnce {
        var spec = MachineHarness.spec()
        var login = RequestSpec(name: "admin-login", method: "POST", url: "http://127.0.0.1:8080/admin/login")
        login.extract = [Extraction(name: "adminToken", source: .json("$.token"))]
        spec.setup = [.request(login)]
        spec.teardown = [.request(RequestSpec(name: "cleanup", method: "DELETE", url: "http://127.0.0.1:8080/s?t=${setup.adminToken}"))]
        spec.setupValues = values
        return Message.RunOnce(runId: "run-1-\(stage.rawValue)", stage: stage, spec: try #require(spec.onceSpec(stage)))
    }

    @Test func aSetupStartsAtOnceAndAnswersWithOneOnceDone() throws {
        var harness = MachineHarness()
        try harness.authenticate()
        _ = harness.takeSent()
        harness.message(.runOnce(try Self.once()))
        #expect(harness.takeEngineCalls() == [.build(runId: "run-1-setup", rows: []), .start(delayMicros: 0)])
        #expect(harness.takeSent().isEmpty)  // no ready, no started
        // Seconds pass: no per-second sample while it runs.
        harness.progress.startedAtWallMicros = harness.wallMicros
        for _ in 0..<40 {
            harness.advance(.milliseconds(50))
            harness.tick()
        }
        #expect(harness.takeSent().isEmpty)
        harness.interval.values = ["adminToken": "tok"]
        harness.interval.metrics.counters.httpReqs = 1
        harness.progress.finished = true
        harness.advance(.milliseconds(50))
        harness.tick()
        let sent = harness.takeSent()
        guard sent.count == 1, case .onceDone(let done) = sent[0] else { Issue.record("sent \(sent)"); return }
        #expect(done.runId == "run-1-setup" && done.stage == .setup && done.values == ["adminToken": "tok"])
        #expect(done.sample.seq == 1 && done.sample.counters.httpReqs == 1)
        #expect(harness.slotHolder == nil)
        // Idle again: a prepare is welcome.
        harness.prepare(runId: "run-1")
        #expect(harness.takeSent().contains { if case .ready = $0 { return true } else { return false } })
    }

    @Test func aTeardownOrPrepareGetsItsSetupValuesFilledIn() throws {
        var harness = MachineHarness()
        try harness.authenticate()
        _ = harness.takeSent()
        harness.message(.runOnce(try Self.once(.teardown, values: [:])))
        // `${setup.adminToken}` with no value: refused, nothing built, the slot free.
        let refused = harness.takeSent()
        guard case .error(let error)? = refused.first else { Issue.record("sent \(refused)"); return }
        #expect(error.kind == .badSpec && error.message.contains("setup.adminToken"))
        #expect(harness.takeEngineCalls().isEmpty && harness.slotHolder == nil)

        harness.message(.runOnce(try Self.once(.teardown, values: ["adminToken": "tok"])))
        #expect(harness.takeEngineCalls().first == .build(runId: "run-1-teardown", rows: []))
    }

    @Test func hostileRunOncesAreRefusedBeforeAnythingIsBuilt() throws {
        var harness = MachineHarness(configuration: AgentConfiguration(
            name: "agent-1", token: MachineHarness.token, allowList: try TargetAllowList(parsing: ["127.0.0.1"])))
        try harness.authenticate()
        _ = harness.takeSent()
        var many = try Self.once()
        many.spec.executor = .sharedIterations(vus: 100, iterations: 100, maxDurationMicros: RunSpec.SetupLimits.maxRunMicros)
        var injected = try Self.once(.teardown, values: ["adminToken": "a\r\nHost: evil"])
        injected.spec.threads = 1
        var outside = try Self.once()
        outside.spec.url = "http://10.9.9.9/"
        for hostile in [many, injected, outside] {
            harness.message(.runOnce(hostile))
            let sent = harness.takeSent()
            guard case .error(let error)? = sent.first else { Issue.record("accepted \(hostile.spec.executor)"); continue }
            #expect([.badSpec, .targetNotAllowed].contains(error.kind), "\(error)")
        }
        #expect(harness.takeEngineCalls().isEmpty)
        // While one runs, another is busy.
        harness.message(.runOnce(try Self.once()))
        harness.message(.runOnce(try Self.once()))
        #expect(harness.takeSent().contains { if case .error(let error) = $0 { return error.kind == .busy } else { return false } })
    }
}
