import Histogram
import Testing
@testable import BarrageCoordinator
@testable import BarrageCore

/// The live line's p95 covers the last seconds only: a slow start stops counting once it is
/// older than the window.
struct RecentLatencyTests {
    static func sample(_ micros: UInt64, count: Int) throws -> SparseHistogram {
        var histogram = LatencyHistogram.make()
        for _ in 0..<count { _ = histogram.record(micros) }
        return try HdrV2Codec.decodeSparse(base64: HdrV2Codec.encodeBase64(histogram))
    }

    @Test func p95ForgetsSecondsOlderThanTheWindow() throws {
        var recent = RecentLatency(windowSeconds: 10)
        // Second 0: a startup spike of 2 s; then 1 ms from seconds 1 to 20, 2 agents a second.
        recent.add(try Self.sample(2_000_000, count: 500), nowMicros: 0)
        for second in 1...20 {
            for _ in 0..<2 { recent.add(try Self.sample(1_000, count: 50), nowMicros: Int64(second) * 1_000_000 + 300_000) }
            let p95 = recent.valueAtPercentile(95, nowMicros: Int64(second) * 1_000_000 + 500_000)
            if second < 10 {
                #expect(p95 > 1_000_000, "second \(second): the spike is still in the window")
            } else {
                #expect(p95 < 1_100, "second \(second): p95 \(p95)µs, the spike left the window")
            }
        }
        // Nothing received for a whole window: no figure, not a stale one.
        #expect(recent.valueAtPercentile(95, nowMicros: 40_000_000) == 0)
    }
}
