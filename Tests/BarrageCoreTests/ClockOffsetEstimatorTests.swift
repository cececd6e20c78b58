import Testing
@testable import BarrageCore

struct ClockOffsetEstimatorTests {
    @Test func recoversOffsetFromSymmetricRoundTrip() throws {
        // Agent is 5 s ahead; 2 ms each way.
        let sample = ClockOffsetEstimator.Sample(sentMicros: 1_000_000, agentMicros: 6_002_000, receivedMicros: 1_004_000)
        let estimate = try #require(ClockOffsetEstimator.estimate([sample]))
        #expect(estimate.offsetMicros == 5_000_000)
        #expect(estimate.uncertaintyMicros == 2_000)
        #expect(estimate.agentTime(forCoordinatorTime: 10) == 5_000_010)
        #expect(estimate.coordinatorTime(forAgentTime: 5_000_010) == 10)
    }

    @Test func prefersTheFastestRoundTrip() throws {
        let samples = [
            ClockOffsetEstimator.Sample(sentMicros: 0, agentMicros: -2_000 + 40_000, receivedMicros: 50_000),  // queued reply
            ClockOffsetEstimator.Sample(sentMicros: 100_000, agentMicros: 98_500, receivedMicros: 101_000),
            ClockOffsetEstimator.Sample(sentMicros: 200_000, agentMicros: 203_000, receivedMicros: 230_000),
        ]
        let estimate = try #require(ClockOffsetEstimator.estimate(samples))
        #expect(estimate.roundTripMicros == 1_000)
        #expect(estimate.offsetMicros == -2_000)
    }

    @Test func ignoresImpossibleSamples() {
        #expect(ClockOffsetEstimator.estimate([]) == nil)
        #expect(ClockOffsetEstimator.estimate([.init(sentMicros: 10, agentMicros: 0, receivedMicros: 5)]) == nil)
    }
}
