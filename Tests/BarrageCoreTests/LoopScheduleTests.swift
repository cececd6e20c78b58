import Testing
@testable import BarrageCore

private let sec: Int64 = 1_000_000

/// The second split, of each agent's plan over its event loops, keeps the plan exact: loops add up
/// to their agent at every instant, and their planned iteration starts are the agent's.
struct LoopScheduleTests {
    static let executors: [ExecutorConfig] = [
        .rampingVUs(startVUs: 3, stages: [.init(durationMicros: 7 * sec, target: 101), .init(durationMicros: 5 * sec, target: 0)], gracefulRampDownMicros: sec),
        .rampingArrivalRate(startRate: 5, timeUnitMicros: sec, stages: [.init(durationMicros: 6 * sec, target: 97), .init(durationMicros: 4 * sec, target: 13)], preAllocatedVUs: 17, maxVUs: 60),
        .constantArrivalRate(rate: 333, timeUnitMicros: 2 * sec, durationMicros: 9 * sec, preAllocatedVUs: 11, maxVUs: 40),
        .constantVUs(vus: 37, durationMicros: 5 * sec),
    ]

    @Test(arguments: 0..<executors.count)
    func loopsAddUpToTheirAgentAtEveryInstant(executor index: Int) throws {
        var random = SplitMix64(seed: 0xB0A7 + UInt64(index))
        let config = Self.executors[index]
        for _ in 0..<20 {
            let agents = Int(random.next() % 4) + 1
            let weights = (0..<agents).map { _ in Double(random.next() % 50 + 1) }
            let segments = try ExecutionSegment.fromWeights(weights)
            let loopCount = Int(random.next() % 4) + 1
            for segment in segments {
                let plan = ExecutorPlan(config: config, segment: segment)
                let loops = (0..<loopCount).map { LoopSchedule(plan: plan, loopIndex: $0, loopCount: loopCount) }
                #expect(loops.map(\.maxVUs).reduce(0, +) == plan.maxVUs)
                var t: Int64 = 0
                while t <= config.totalDurationMicros {
                    #expect(loops.map { $0.vus(atMicros: t) }.reduce(0, +) == plan.vus(atMicros: t))
                    if let started = plan.iterationsStarted(byMicros: t) {
                        #expect(loops.map { $0.iterationsStarted(byMicros: t) ?? -1 }.reduce(0, +) == started)
                    }
                    t += 137_000
                }
            }
        }
    }

    @Test func loopStartTimesAreTheWholeTestsStartTimes() {
        // 40 per second for 2 s: the whole test starts iteration k at k * 25 ms.
        let plan = ExecutorPlan(config: .constantArrivalRate(rate: 40, timeUnitMicros: sec, durationMicros: 2 * sec, preAllocatedVUs: 2, maxVUs: 2))
        var starts: [Int64] = []
        for loop in 0..<3 {
            let schedule = LoopSchedule(plan: plan, loopIndex: loop, loopCount: 3)
            var k = 0
            var from: Int64 = 0
            while let start = schedule.startMicros(ofIteration: k, from: from) {
                // Iteration k has not started just before its instant, and has by its end.
                #expect((schedule.iterationsStarted(byMicros: start) ?? 0) <= k)
                #expect((schedule.iterationsStarted(byMicros: start + 1) ?? 0) > k)
                starts.append(start)
                from = start
                k += 1
            }
            #expect(k == schedule.iterationsStarted(byMicros: 2 * sec))
        }
        #expect(starts.sorted() == (0..<80).map { Int64($0) * 25_000 })
    }

    @Test func rampingArrivalStartsFollowTheRampExactly() {
        let plan = ExecutorPlan(config: .rampingArrivalRate(
            startRate: 0, timeUnitMicros: sec, stages: [.init(durationMicros: 4 * sec, target: 20)], preAllocatedVUs: 1, maxVUs: 1))
        let schedule = LoopSchedule(plan: plan, loopIndex: 0, loopCount: 1)
        var k = 0
        var from: Int64 = 0
        while let start = schedule.startMicros(ofIteration: k, from: from) {
            #expect(start >= from)
            from = start
            k += 1
        }
        // The integral of a ramp from 0 to 20/s over 4 s is 40 iterations.
        #expect(k == 40)
        #expect(schedule.startMicros(ofIteration: 40, from: from) == nil)
    }

    @Test func sharedIterationsSplitOverLoopsAddUp() throws {
        let config = ExecutorConfig.sharedIterations(vus: 10, iterations: 1001, maxDurationMicros: 60 * sec)
        var total = 0
        for segment in try ExecutionSegment.fromWeights([3, 7]) {
            let plan = ExecutorPlan(config: config, segment: segment)
            let loops = (0..<3).map { LoopSchedule(plan: plan, loopIndex: $0, loopCount: 3) }
            let loopTotal = loops.compactMap(\.totalIterations).reduce(0, +)
            #expect(loopTotal == plan.totalIterations)
            total += loopTotal
        }
        #expect(total == 1001)
    }

    @Test func activeWindowLeavesOutTheGracefulRampDown() {
        let ramp = ExecutorConfig.rampingVUs(startVUs: 0, stages: [.init(durationMicros: 5 * sec, target: 10)], gracefulRampDownMicros: 30 * sec)
        #expect(ramp.activeWindowMicros == 5 * sec)
        #expect(ramp.totalDurationMicros == 35 * sec)
        #expect(ramp.gracefulRampDownMicros == 30 * sec)
        #expect(!ramp.isArrivalRate)
        #expect(ExecutorConfig.constantArrivalRate(rate: 1, timeUnitMicros: sec, durationMicros: 3 * sec, preAllocatedVUs: 1, maxVUs: 1).isArrivalRate)
    }
}
