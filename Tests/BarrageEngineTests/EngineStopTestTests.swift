import BarrageCore
import BarrageTarget
import BarrageTestSupport
import Foundation
import Testing
@testable import BarrageEngine

/// `onExhausted: stopTest`: the engine stops every loop and names the data set, in exactly one
/// collected interval, whether the agent polls between collections or not.
@Suite(.serialized, .tags(.timing))
struct EngineStopTestTests {
    @Test func theIntervalNamesTheDataSetThatRanOutOnce() async throws {
        let target = try await TargetServer.start(host: "127.0.0.1", port: 0, threads: 1)
        var spec = RunSpec(
            url: "http://127.0.0.1:\(target.port)/healthz", vus: 2, durationMicros: 60_000_000,
            thinkTime: .fixed(micros: 10_000), gracefulStopMicros: 5_000_000, threads: 1)
        // Two stopTest sets; the second runs out first, and the text names it.
        spec.session = SessionSpec(data: [
            DataSetSpec(name: "pages", columns: ["page"], onExhausted: .stopTest, rows: 100),
            DataSetSpec(name: "users", columns: ["name"], onExhausted: .stopTest, rows: 6),
        ])
        var pages = DataTable(columns: ["page"])
        for index in 0..<100 { try pages.append(["p\(index)"]) }
        var table = DataTable(columns: ["name"])
        for index in 0..<6 { try table.append(["user\(index)"]) }
        var reasons: [String] = []
        var total = MetricsSnapshot()
        var finished = false
        do {
            let engine = try Engine(spec: spec, data: [pages, table])
            engine.start()
            let deadline = Date().addingTimeInterval(30)
            var polls = 0
            while Date() < deadline {
                try? await Task.sleep(for: .milliseconds(20))
                polls += 1
                // Poll often, collect every fifth time: what the agent does, faster.
                guard engine.poll().finished || polls.isMultiple(of: 5) else { continue }
                let interval = engine.collect()
                total.merge(interval.metrics)
                if let reason = interval.stopTest { reasons.append(reason) }
                if interval.finished {
                    finished = true
                    break
                }
            }
        } catch {
            try await target.shutdown()
            throw error
        }
        let served = target.requestCounts.healthz
        try await target.shutdown()
        // Long before the 60 s duration: the rows ran out.
        #expect(finished)
        #expect(reasons == ["data set 'users' ran out (onExhausted: stopTest)"])
        #expect(total.counters.iterations == 6)
        #expect(total.counters.httpReqs == UInt64(served))
    }
}

extension EngineStopTestTests {
    @Test func theStopTestTextIsEscapedAndWithinTheCoordinatorsLimit() {
        let hostile = DataSetSpec(name: "a\nb\u{1b}[2J", columns: ["c"], onExhausted: .stopTest)
        let one = Engine.stopTestText(hostile)
        #expect(one == "data set 'a\\u{a}b\\u{1b}[2J' ran out (onExhausted: stopTest)")
        let long = DataSetSpec(name: String(repeating: "n7", count: 300), columns: ["c"], onExhausted: .stopTest)
        let text = Engine.stopTestText(long)
        #expect(text.utf8.count <= SampleCheck.Limits.maxStopTestBytes)
        #expect(!PeerText.hasControlCharacter(text) && !PeerText.hasControlCharacter(one))
        var sample = Message.Sample(
            runId: "r", seq: 1, intervalStartMicros: 0, intervalMicros: 1_000_000, counters: Counters(), histograms: [:],
            activeVUs: 0, processCPUPercent: 0, hostCPUPercent: 0, netRxBytes: 0, netTxBytes: 0, loopLagMicros: 0)
        for reason in [one, text] {
            sample.stopTest = reason
            var check = SampleCheck(requestNames: [], checkNames: [], maxVUs: 1)
            #expect(check.problem(with: sample) == nil)
        }
    }
}
