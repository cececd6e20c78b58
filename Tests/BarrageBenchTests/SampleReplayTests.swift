import Histogram
import Testing
@testable import BarrageBench
@testable import BarrageCore

/// The replay benchmark's harness drives the real ``RunDriver`` through its event stream: what
/// the in-memory agents send is merged exactly, and per-agent totals stay sparse but exact.
struct SampleReplayTests {
    static let url = "http://127.0.0.1:9/api/posts/"

    /// A frame as an agent writes it, with `values` in its http_req_duration.
    static func frame(seq: UInt64, values: [UInt64]) throws -> [UInt8] {
        var histogram = LatencyHistogram.make()
        for value in values { _ = histogram.record(value) }
        var counters = Counters()
        counters.httpReqs = UInt64(values.count)
        var sample = Message.Sample(
            runId: "run-recorded", seq: seq, intervalStartMicros: 1_700_000_000_000_000, intervalMicros: 1_000_000,
            counters: counters, histograms: [TrendMetric.httpReqDuration.name: HdrV2Codec.encodeBase64(histogram)],
            activeVUs: 1, processCPUPercent: 1.5, hostCPUPercent: 20, netRxBytes: 0, netTxBytes: 0, loopLagMicros: 10)
        sample.series = [SeriesSample(
            name: url, method: "GET", status: 200, counters: counters, httpReqDuration: HdrV2Codec.encodeBase64(histogram))]
        return Array(try MessageCoding.encode(.sample(sample)).dropLast())
    }

    @Test func replayedFramesAreMergedExactly() async throws {
        let recorded: [[UInt64]] = [[1_000, 2_000], [5_000], [700, 800, 900_000], []]
        let frames = try recorded.enumerated().map { try Self.frame(seq: UInt64($0 + 1), values: $1) }
        let figures = try await SampleReplay.run(frames: frames, agents: 3, seconds: 4, warmupSeconds: 0)
        #expect(figures.samples == 9)
        let metrics = figures.outcome.report.metrics
        #expect(metrics.counters.httpReqs == figures.expectedRequests)
        // Seconds 1...3, agent i sends recorded frame (second + i) % 4.
        var everything = LatencyHistogram.make()
        var perAgent = [Histogram<UInt64>](repeating: LatencyHistogram.make(), count: 3)
        for second in 1...3 {
            for agent in 0..<3 {
                for value in recorded[(second + agent) % 4] {
                    _ = everything.record(value)
                    _ = perAgent[agent].record(value)
                }
            }
        }
        everything = try HdrV2Codec.decode(base64: HdrV2Codec.encodeBase64(everything))
        #expect(metrics.counters.httpReqs == everything.totalCount)
        for percentile in [50.0, 90, 95, 99, 100] {
            #expect(metrics.histogram(.httpReqDuration).valueAtPercentile(percentile) == everything.valueAtPercentile(percentile))
        }
        let agents = figures.outcome.report.agents
        #expect(agents.count == 3)
        for (index, report) in agents.enumerated() {
            let expected = try HdrV2Codec.decode(base64: HdrV2Codec.encodeBase64(perAgent[index]))
            #expect(report.metrics.counters.httpReqs == expected.totalCount)
            #expect(HdrV2Codec.encode(report.metrics.histogram(.httpReqDuration)) == HdrV2Codec.encode(expected))
        }
    }

    @Test func framesThatAreNotSamplesAreRefused() async {
        await #expect(throws: SampleReplay.ReplayError.self) {
            _ = try await SampleReplay.run(frames: [Array(#"{"type":"ready","run_id":"r"}"#.utf8)], agents: 1, seconds: 3, warmupSeconds: 0)
        }
    }
}
