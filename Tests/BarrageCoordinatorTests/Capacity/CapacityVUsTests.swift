import Testing
@testable import BarrageCoordinator

/// How many VUs a step gets, and from which latency.
@Suite struct CapacityVUsTests {
    static func step(rate: Int, p99Micros: Double, passed: Bool) -> CapacityStep {
        CapacityStep(rate: rate, achievedRate: Double(rate), p99Micros: p99Micros, failedThresholds: passed ? [] : ["p(95) failed"])
    }

    /// The lab's 1 Gbit/s search: 4000/s passed at p99 9 ms, 8000/s queued for 5.6 s. Sized from
    /// the overloaded step, 6000/s would have started 68,000 VUs; from the pass, a few hundred.
    @Test func aStepAfterAnOverloadedOneIsSizedFromTheLastPass() {
        var search = CapacitySearch(settings: CapacitySearch.Settings(startRate: 4000, maxRate: 100_000, precision: 0.1))
        #expect(CapacityVUs.latency(for: search) == nil)
        _ = search.record(Self.step(rate: 4000, p99Micros: 9_000, passed: true))
        #expect(CapacityVUs.latency(for: search) == 9_000)
        _ = search.record(Self.step(rate: 8000, p99Micros: 5_661_000, passed: false))
        _ = search.record(Self.step(rate: 8000, p99Micros: 5_226_000, passed: false))
        #expect(search.current == 6000)
        #expect(CapacityVUs.latency(for: search) == 9_000)
        let vus = CapacityVUs.size(rate: 6000, latencyMicros: CapacityVUs.latency(for: search), agents: 3)
        #expect(vus.preAllocated == 111)
        // At least one second of iterations, so a latency up to a second never runs them out.
        #expect(vus.max == 6003)
    }

    /// Before anything passed (a start rate above the capacity), the last step is all there is.
    @Test func beforeAnyPassTheLastStepSizesTheNext() {
        var search = CapacitySearch(settings: CapacitySearch.Settings(startRate: 1000, maxRate: 100_000, precision: 0.1))
        _ = search.record(Self.step(rate: 1000, p99Micros: 2_000_000, passed: false))
        _ = search.record(Self.step(rate: 1000, p99Micros: 1_800_000, passed: false))
        #expect(CapacityVUs.latency(for: search) == 1_800_000)
        #expect(CapacityVUs.size(rate: 500, latencyMicros: 1_800_000, agents: 1) == (preAllocated: 1801, max: 3601))
    }
}
