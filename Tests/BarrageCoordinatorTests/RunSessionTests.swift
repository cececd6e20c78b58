import BarrageAgent
import BarrageCore
import BarrageResults
import BarrageTarget
import Foundation
import Synchronization
import Testing
@testable import BarrageCoordinator

/// ``RunSession`` end to end in this process: a real agent server and the demo target on
/// loopback, a short run, and what the session hands back (exit code, results folder, files, the
/// reporter's calls).
@Suite struct RunSessionTests {
    /// What a reporter was told, in order.
    final class Recorder: Sendable {
        let events = Mutex<[String]>([])
        let seconds = Mutex<[SecondRow]>([])

        var reporter: RunSession.Reporter {
            RunSession.Reporter(
                log: { kind, line in self.events.withLock { $0.append("log \(kind): \(line)") } },
                note: { line in self.events.withLock { $0.append("note: \(line)") } },
                progress: { _ in self.events.withLock { $0.append("progress") } },
                progressEnded: { self.events.withLock { $0.append("ended") } },
                finished: { run in self.events.withLock { $0.append("finished \(run.outcome.report.metrics.counters.httpReqs)") } },
                second: { row in self.seconds.withLock { $0.append(row) } })
        }
    }

    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "run-session-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A port nothing listens on (bound, then closed).
    static func closedPort() async throws -> Int {
        let target = try await TargetServer.start(host: "127.0.0.1", port: 0, threads: 1)
        let port = target.port
        try await target.shutdown()
        return port
    }

    @Test func aRunReturnsItsExitCodeResultsFolderAndFiles() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let target = try await TargetServer.start(host: "127.0.0.1", port: 0, threads: 1)
        var configuration = AgentConfiguration(host: "127.0.0.1", port: 0, name: "local", token: "session-test-token")
        configuration.logging = false
        let server = try await AgentServer.bind(configuration)
        let agentTask = Task { try await server.run() }
        defer { agentTask.cancel() }

        let spec = RunSpec(
            url: "http://127.0.0.1:\(target.port)/healthz", vus: 2, durationMicros: 2_000_000,
            thinkTime: .fixed(micros: 50_000), gracefulStopMicros: 1_000_000, threads: 1)
        var plan = RunPlan(agents: [AgentEndpoint(name: "a1", host: "127.0.0.1", port: server.port)], token: configuration.token, spec: spec)
        // Cannot pass: the run ends with exit 99, as `coord run` does.
        plan.thresholds = [try Threshold.parse(flag: "http_req_duration:p(95)<0")]
        var options = RunSession.Options(plan: plan)
        options.sinks.resultsParent = folder + "/results"
        options.reportPath = folder + "/report.html"
        options.summaryExportPath = folder + "/summary.json"
        let recorder = Recorder()
        let result = try await RunSession(options: options, reporter: recorder.reporter).run()
        try await target.shutdown()

        let requests = result.finished.outcome.report.metrics.counters.httpReqs
        #expect(requests > 5)
        #expect(result.thresholdsFailed)
        #expect(result.exitCode == ExitCodes.thresholdsFailed)
        let results = try #require(result.resultsFolder)
        #expect(FileManager.default.fileExists(atPath: results + "/" + ResultsFolder.journal))
        #expect(FileManager.default.fileExists(atPath: results + "/" + ResultsFolder.summaryJSON))
        #expect(FileManager.default.fileExists(atPath: folder + "/report.html"))
        #expect(try String(contentsOfFile: folder + "/summary.json", encoding: .utf8).contains("http_req_duration"))
        // The journal replays to the same requests.
        #expect(try ResultsFolder(path: results).replay().report.metrics.counters.httpReqs == requests)
        let events = recorder.events.withLock { $0 }
        #expect(events.contains("note: results: \(results)"))
        let ended = try #require(events.firstIndex(of: "ended"))
        let finished = try #require(events.firstIndex(of: "finished \(requests)"))
        #expect(ended < finished)
        // Every closed second reached the reporter, and they add up to the run.
        #expect(recorder.seconds.withLock { $0.map(\.counters.httpReqs).reduce(0, +) } == requests)
    }

    @Test func badOutputsFailWithExitTwoBeforeAnyAgentIsDialed() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let port = try await Self.closedPort()
        let plan = RunPlan(
            agents: [AgentEndpoint(name: "a1", host: "127.0.0.1", port: port)], token: "t",
            spec: RunSpec(url: "http://127.0.0.1:1/", vus: 1, durationMicros: 1_000_000))
        var options = RunSession.Options(plan: plan)
        options.sinks.targets = [.csv(path: folder + "/no/such/folder/out.csv")]
        options.sinks.resultsParent = folder + "/results"
        let recorder = Recorder()
        // An unreachable agent would be exit 1: exit 2 says the outputs failed first.
        let error = await #expect(throws: RunSessionError.self) {
            _ = try await RunSession(options: options, reporter: recorder.reporter).run()
        }
        #expect(error?.exitCode == ExitCodes.badInput)
        #expect(error?.message.contains("out.csv") == true)
        #expect(!FileManager.default.fileExists(atPath: folder + "/results"))
    }

    @Test func anUnreachableAgentExitsOneAndLeavesNoResultsFolder() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let port = try await Self.closedPort()
        let plan = RunPlan(
            agents: [AgentEndpoint(name: "a1", host: "127.0.0.1", port: port)], token: "t",
            spec: RunSpec(url: "http://127.0.0.1:1/", vus: 1, durationMicros: 1_000_000))
        var options = RunSession.Options(plan: plan)
        options.sinks.resultsParent = folder + "/results"
        let recorder = Recorder()
        let error = await #expect(throws: RunSessionError.self) {
            _ = try await RunSession(options: options, reporter: recorder.reporter).run()
        }
        #expect(error?.exitCode == ExitCodes.failure)
        #expect(recorder.events.withLock { $0 }.contains("ended"))
        let left = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/results")) ?? []
        #expect(left.isEmpty, "a run that never started leaves no results folder: \(left)")
    }
}
