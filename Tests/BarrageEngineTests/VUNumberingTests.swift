import BarrageCore
import Testing
@testable import BarrageEngine

/// `${vu}` and `${iteration}` across agents and loops: every VU of the test gets exactly one of
/// 1...maxVUs, and shared-iterations numbers its iterations exactly 0..<iterations (property tests
/// over random agent splits and loop counts, printing their seed).
struct VUNumberingTests {
    /// Every loop of every agent for one split: (numbering, loop VUs, loop iterations).
    static func loops(_ config: ExecutorConfig, weights: [Double], loops: [Int]) throws -> [(VUNumbering, Int, Int)] {
        var result: [(VUNumbering, Int, Int)] = []
        for (agent, segment) in try ExecutionSegment.fromWeights(weights).enumerated() {
            let plan = ExecutorPlan(config: config, segment: segment)
            for loop in 0..<loops[agent] {
                let schedule = LoopSchedule(plan: plan, loopIndex: loop, loopCount: loops[agent])
                result.append((VUNumbering(plan: plan, loop: schedule.loop), schedule.maxVUs, schedule.totalIterations ?? 0))
            }
        }
        return result
    }

    @Test func vusAndSharedIterationsAreNumberedExactlyAcrossAgentsAndLoops() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("VUNumberingTests seed: \(seed)")
        var random = SplitMix64(seed: seed)
        for _ in 0..<200 {
            let vus = random.next(in: 1...60)
            let iterations = vus + random.next(in: 0...300)
            let agents = random.next(in: 1...5)
            let weights = (0..<agents).map { _ in Double(random.next(in: 1...9)) }
            let loopCounts = (0..<agents).map { _ in random.next(in: 1...4) }
            let config = ExecutorConfig.sharedIterations(vus: vus, iterations: iterations, maxDurationMicros: 60_000_000)
            var vuIDs: [Int] = []
            var iterationIDs: [Int] = []
            for (numbering, loopVUs, loopIterations) in try Self.loops(config, weights: weights, loops: loopCounts) {
                vuIDs += (0..<loopVUs).map(numbering.vu)
                iterationIDs += (0..<loopIterations).map { numbering.iteration(started: $0, vu: 0, vuIteration: 0) }
            }
            #expect(vuIDs.sorted() == Array(1...vus), "seed \(seed): weights \(weights), loops \(loopCounts)")
            #expect(iterationIDs.sorted() == Array(0..<iterations), "seed \(seed): weights \(weights), loops \(loopCounts)")
        }
    }

    @Test func otherExecutorsNumberIterationsDistinctly() throws {
        let perVU = ExecutorConfig.perVUIterations(vus: 7, iterations: 3, maxDurationMicros: 60_000_000)
        var seen: Set<Int> = []
        for (numbering, loopVUs, _) in try Self.loops(perVU, weights: [2, 1], loops: [2, 3]) {
            for vu in 0..<loopVUs {
                for iteration in 0..<3 { seen.insert(numbering.iteration(started: 0, vu: vu, vuIteration: iteration)) }
            }
        }
        #expect(seen == Set(0..<21))
        let constant = ExecutorConfig.constantVUs(vus: 5, durationMicros: 1_000_000)
        seen = []
        for (numbering, loopVUs, _) in try Self.loops(constant, weights: [1, 1], loops: [1, 2]) {
            for vu in 0..<loopVUs {
                for iteration in 0..<4 { seen.insert(numbering.iteration(started: 0, vu: vu, vuIteration: iteration)) }
            }
        }
        #expect(seen == Set(0..<20))
    }
}
