import Testing
@testable import BarrageCore

/// One second in microseconds.
private let sec: Int64 = 1_000_000

struct ExecutorPlanTests {
    @Test func constantVUsHoldForTheDuration() {
        let plan = ExecutorPlan(config: .constantVUs(vus: 10, durationMicros: 30 * sec))
        #expect(plan.vus(atMicros: -1) == 0)
        #expect(plan.vus(atMicros: 0) == 10)
        #expect(plan.vus(atMicros: 30 * sec - 1) == 10)
        #expect(plan.vus(atMicros: 30 * sec) == 0)
        #expect(plan.iterationsStarted(byMicros: sec) == nil)
        #expect(plan.totalIterations == nil)
    }

    @Test func rampingVUsInterpolateLinearlyPerStage() {
        let plan = ExecutorPlan(config: .rampingVUs(
            startVUs: 0,
            stages: [.init(durationMicros: 10 * sec, target: 100), .init(durationMicros: 0, target: 50),
                     .init(durationMicros: 10 * sec, target: 50), .init(durationMicros: 5 * sec, target: 0)],
            gracefulRampDownMicros: 30 * sec))
        #expect(plan.vus(atMicros: 0) == 0)
        #expect(plan.vus(atMicros: 99_999) == 0)
        #expect(plan.vus(atMicros: 100_000) == 1)
        #expect(plan.vus(atMicros: 5 * sec) == 50)
        #expect(plan.vus(atMicros: 10 * sec - 1) == 99)
        // The zero-length stage jumps to 50 at once.
        #expect(plan.vus(atMicros: 10 * sec) == 50)
        #expect(plan.vus(atMicros: 19 * sec) == 50)
        // Ramping down removes a VU each time the line crosses a whole number.
        #expect(plan.vus(atMicros: 20 * sec) == 50)
        #expect(plan.vus(atMicros: 20 * sec + 99_999) == 50)
        #expect(plan.vus(atMicros: 20 * sec + 100_000) == 49)
        #expect(plan.vus(atMicros: 25 * sec - 1) == 1)
        #expect(plan.vus(atMicros: 25 * sec) == 0)
        #expect(plan.maxVUs == 100)
    }

    @Test func constantArrivalRateStartsEvenlySpacedIterations() {
        let plan = ExecutorPlan(config: .constantArrivalRate(
            rate: 3, timeUnitMicros: sec, durationMicros: 10 * sec, preAllocatedVUs: 5, maxVUs: 20))
        #expect(plan.iterationsStarted(byMicros: 0) == 0)
        #expect(plan.iterationsStarted(byMicros: 1) == 1)
        #expect(plan.iterationsStarted(byMicros: 333_333) == 1)
        #expect(plan.iterationsStarted(byMicros: 333_334) == 2)
        #expect(plan.iterationsStarted(byMicros: sec) == 3)
        #expect(plan.iterationsStarted(byMicros: 60 * sec) == 30)
        #expect(plan.totalIterations == 30)
        #expect(plan.vus(atMicros: 0) == 5)
        #expect(plan.vus(atMicros: 10 * sec) == 0)
        #expect(plan.maxVUs == 20)
    }

    @Test func rampingArrivalRateIntegratesTheRate() {
        // 0 → 10/s over 10 s is 50 iterations, then 10/s for 5 s is 50 more.
        let plan = ExecutorPlan(config: .rampingArrivalRate(
            startRate: 0, timeUnitMicros: sec,
            stages: [.init(durationMicros: 10 * sec, target: 10), .init(durationMicros: 5 * sec, target: 10)],
            preAllocatedVUs: 2, maxVUs: 10))
        #expect(plan.iterationsStarted(byMicros: 0) == 0)
        // Integral at t is t²/2 (t in seconds): 0.5 at 1 s, 12.5 at 5 s, 50 at 10 s.
        #expect(plan.iterationsStarted(byMicros: sec) == 1)
        #expect(plan.iterationsStarted(byMicros: 5 * sec) == 13)
        #expect(plan.iterationsStarted(byMicros: 10 * sec) == 50)
        #expect(plan.iterationsStarted(byMicros: 10 * sec + 1) == 51)
        #expect(plan.iterationsStarted(byMicros: 15 * sec) == 100)
        #expect(plan.iterationsStarted(byMicros: 99 * sec) == 100)
        #expect(plan.totalIterations == 100)
        // Per minute: 60/min for 30 s is 30.
        let perMinute = ExecutorPlan(config: .rampingArrivalRate(
            startRate: 60, timeUnitMicros: 60 * sec, stages: [.init(durationMicros: 30 * sec, target: 60)],
            preAllocatedVUs: 1, maxVUs: 1))
        #expect(perMinute.totalIterations == 30)
    }

    @Test func iterationExecutorsSplitTotalsBySegment() throws {
        let segments = try ExecutionSegment.fromWeights([1, 1, 1])
        let perVU = ExecutorConfig.perVUIterations(vus: 10, iterations: 7, maxDurationMicros: 60 * sec)
        #expect(segments.map { ExecutorPlan(config: perVU, segment: $0).totalIterations } == [21, 28, 21])
        let shared = ExecutorConfig.sharedIterations(vus: 10, iterations: 100, maxDurationMicros: 60 * sec)
        #expect(segments.map { ExecutorPlan(config: shared, segment: $0).totalIterations } == [30, 40, 30])
        // A segment without VUs gets no shared iterations.
        let few = ExecutorConfig.sharedIterations(vus: 1, iterations: 100, maxDurationMicros: 60 * sec)
        let plans = segments.map { ExecutorPlan(config: few, segment: $0) }
        #expect(plans.map { $0.vus(atMicros: 0) } == [0, 1, 0])
        #expect(plans.map(\.totalIterations) == [0, 100, 0])
    }

    /// Property: for random agent counts and weights, at every 100 ms step the agents' VUs add up
    /// to the whole test's, their started iterations add up to the whole test's and never go down,
    /// and iteration totals add up exactly.
    @Test func propertyAgentsAddUpToTheWholeTestAtEveryStep() throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        print("ExecutorPlan property seed: \(seed)")
        var rng = SplitMix64(seed: seed)
        for _ in 0..<40 {
            let agents = Int(rng.next() % 12) + 1
            let weights = (0..<agents).map { _ in
                rng.next() % 2 == 0 ? Double(rng.next() % 8 + 1) : Double(rng.next() % 5000 + 1) / 97
            }
            let segments = try ExecutionSegment.fromWeights(weights)
            for config in Self.randomConfigs(&rng) {
                try config.validate()
                let global = ExecutorPlan(config: config)
                let plans = segments.map { ExecutorPlan(config: config, segment: $0) }
                var previousStarted = [Int](repeating: 0, count: agents)
                var t: Int64 = 0
                while t <= config.totalDurationMicros + sec {
                    let vus = plans.map { $0.vus(atMicros: t) }
                    #expect(vus.reduce(0, +) == global.vus(atMicros: t), "seed \(seed) \(config.name) t=\(t)")
                    #expect(vus.allSatisfy { $0 >= 0 }, "seed \(seed)")
                    if let started = global.iterationsStarted(byMicros: t) {
                        let parts = plans.map { $0.iterationsStarted(byMicros: t) ?? -1 }
                        #expect(parts.reduce(0, +) == started, "seed \(seed) \(config.name) t=\(t)")
                        #expect(zip(parts, previousStarted).allSatisfy { $0 >= $1 }, "seed \(seed) \(config.name) t=\(t)")
                        previousStarted = parts
                    }
                    t += 100_000
                }
                #expect(plans.map(\.maxVUs).reduce(0, +) == config.maxVUs, "seed \(seed)")
                if let total = global.totalIterations {
                    let parts = plans.map { $0.totalIterations ?? -1 }
                    #expect(parts.reduce(0, +) == total, "seed \(seed) \(config.name)")
                    if case .sharedIterations = config {
                        for (plan, part) in zip(plans, parts) where plan.vus(atMicros: 0) == 0 { #expect(part == 0, "seed \(seed)") }
                    }
                } else {
                    #expect(plans.allSatisfy { $0.totalIterations == nil }, "seed \(seed)")
                }
            }
        }
    }

    /// One random valid config of each executor, a few seconds long.
    static func randomConfigs(_ rng: inout SplitMix64) -> [ExecutorConfig] {
        func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(rng.next() % UInt64(range.count)) }
        func seconds(_ range: ClosedRange<Int>) -> Int64 { Int64(int(range)) * sec + Int64(int(0...9)) * 100_000 }
        func stages() -> [Stage] {
            (0..<int(1...4)).map { _ in Stage(durationMicros: int(0...5) == 0 ? 0 : seconds(1...6), target: int(0...300)) }
        }
        let vus = int(1...500)
        let preAllocated = int(0...100)
        return [
            .constantVUs(vus: vus, durationMicros: seconds(1...5)),
            .rampingVUs(startVUs: int(1...50), stages: stages(), gracefulRampDownMicros: seconds(0...3)),
            .constantArrivalRate(
                rate: int(1...2000), timeUnitMicros: [sec, 60 * sec, 250_000][int(0...2)], durationMicros: seconds(1...5),
                preAllocatedVUs: preAllocated, maxVUs: preAllocated + int(0...100)),
            .rampingArrivalRate(
                startRate: int(1...500), timeUnitMicros: [sec, 60 * sec, 333_333][int(0...2)], stages: stages(),
                preAllocatedVUs: preAllocated, maxVUs: preAllocated + int(0...100)),
            .perVUIterations(vus: vus, iterations: int(1...1000), maxDurationMicros: seconds(1...3)),
            .sharedIterations(vus: vus, iterations: vus + int(0...10_000), maxDurationMicros: seconds(1...3)),
        ]
    }
}
