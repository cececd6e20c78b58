import BarrageCore
import Foundation
import Testing

/// Issue #21 item 6: a token-holding agent that floods samples or runs `seq` ahead of the clock.
/// It is lost at its first sample ahead of the run's time; the run keeps its length, the honest
/// agent's numbers, and a journal and report sized by the run, not by the peer.
extension IntegrationSuite.HostileAgentTests {
    /// Runs 4 VUs for 4 s on one real agent plus `fake`, with a results folder and a report.
    func floodedRun(_ fake: FakeAgent) async throws
        -> (status: Int32, stderr: String, wall: Double, usage: ProcessUsage, served: Int, export: [String: Any], journalBytes: Int, reportBytes: Int) {
        let (target, url) = try await Fixtures.startTarget()
        let token = try Fixtures.tokenFile(Self.token)
        let (agent, address) = try await Fixtures.startAgent(tokenFile: token)
        let export = Fixtures.temporaryPath("export.json")
        let report = Fixtures.temporaryPath("report.html")
        let results = Fixtures.temporaryPath("results")
        let started = Date()
        let child = try ChildProcess([
            "run", "--url", url + "/api/posts/", "--vus", "4", "--duration", "4s", "--sleep", "200ms",
            "--agents", "\(address),127.0.0.1:\(fake.port)", "--token-file", token, "--quiet", "--summary-export", export,
            "--results", results, "--report", report,
        ])
        let (status, usage) = try await child.waitForExitMeasuring(timeout: 90, killAboveRSSKiB: 600_000)
        let wall = Date().timeIntervalSince(started)
        let served = try Fixtures.feedCount(baseURL: url)
        #expect(agent.isRunning && target.isRunning)
        let files = FileManager.default.enumerator(atPath: results)?.compactMap { $0 as? String } ?? []
        let journalBytes = files.filter { $0.hasSuffix("journal.jsonl") || $0.hasSuffix(".jsonl") }
            .compactMap { try? FileManager.default.attributesOfItem(atPath: results + "/" + $0)[.size] as? Int }.reduce(0, +)
        let reportBytes = (try? FileManager.default.attributesOfItem(atPath: report)[.size] as? Int) ?? -1
        print("flooded run: \(String(format: "%.1f", wall)) s, \(String(format: "%.2f", usage.cpuSeconds)) s CPU, peak RSS \(usage.peakRSSKiB / 1024) MiB, journal \(journalBytes) B, report \(reportBytes) B")
        return (status, child.stderr, wall, usage, served, try Fixtures.readExport(export), journalBytes, reportBytes)
    }

    /// 100,000 samples at once, each a valid second: on main a 4 s run took 59 s, 1.45 GB and
    /// wrote a 400 MB journal.
    @Test func aSampleFloodLosesTheAgentAndKeepsTheRunsSize() async throws {
        let fake = try await FakeAgent(name: "flood") { runId, start in
            (1...100_000).map { Self.sample(runId, seq: UInt64($0), start: start + Int64($0 - 1) * 1_000_000) }
        }
        let run = try await floodedRun(fake)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("sent an invalid sample: sample seq"), "\(run.stderr)")
        #expect(run.wall < 20, "took \(run.wall) s")
        #expect(run.usage.peakRSSKiB < 300_000, "peak RSS \(run.usage.peakRSSKiB) KiB")
        #expect(run.journalBytes > 0 && run.journalBytes < 2_000_000, "journal \(run.journalBytes) B")
        #expect(run.reportBytes > 0 && run.reportBytes < 2_000_000, "report \(run.reportBytes) B")
        let reqs = Fixtures.metric(run.export, "http_reqs", "count") ?? -1
        #expect(reqs > 0 && Int(reqs) == run.served, "merged \(reqs), target served \(run.served)")
    }

    /// `seq` jumping by 1000 a sample: on main the summary said `1µs elapsed, 30000000000/s`.
    @Test func seqRunningAheadOfTheClockIsRefused() async throws {
        let fake = try await FakeAgent(name: "jumper") { runId, start in
            var counters = Counters()
            counters.httpReqs = 1_000
            return (0..<30).map { Self.sample(runId, seq: 1 + UInt64($0) * 1000, start: start, counters: counters) }
        }
        let run = try await floodedRun(fake)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("sent an invalid sample: sample seq 1001"), "\(run.stderr)")
        let reqs = Fixtures.metric(run.export, "http_reqs", "count") ?? -1
        let rate = Fixtures.metric(run.export, "http_reqs", "rate") ?? -1
        // The jumper's first second (1000 requests) counts; its rate is spread over the run's real length.
        #expect(Int(reqs) == run.served + 1_000, "merged \(reqs), target served \(run.served)")
        #expect(rate > 0 && rate < reqs / 3, "rate \(rate)/s for \(reqs) requests")
    }
}
