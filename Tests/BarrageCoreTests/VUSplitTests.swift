import BarrageTestSupport
import Testing
@testable import BarrageCore

struct VUSplitTests {
    @Test func splitsEquallyWithRemainderToEarlierAgents() throws {
        #expect(try VUSplit.split(total: 1000, agents: [.init(), .init(), .init()]) == [334, 333, 333])
        #expect(try VUSplit.split(total: 2, agents: [.init(), .init(), .init()]) == [1, 1, 0])
    }

    @Test func followsWeights() throws {
        #expect(try VUSplit.split(total: 100, agents: [.init(weight: 3), .init(weight: 1)]) == [75, 25])
    }

    @Test func respectsCapsAndRedistributes() throws {
        let split = try VUSplit.split(total: 100, agents: [.init(maxVUs: 10), .init(), .init()])
        #expect(split == [10, 45, 45])
    }

    @Test func rejectsImpossiblePlans() {
        #expect(throws: PlanError.noAgents) { try VUSplit.split(total: 5, agents: []) }
        #expect(throws: PlanError.notEnoughCapacity(total: 30, capacity: 20)) {
            try VUSplit.split(total: 30, agents: [.init(maxVUs: 10), .init(maxVUs: 10)])
        }
        #expect(throws: PlanError.badWeight(index: 1, weight: 0)) {
            try VUSplit.split(total: 5, agents: [.init(), .init(weight: 0)])
        }
    }

    /// Property: for random agents, weights, caps and totals the parts sum to the total, respect
    /// every cap, are deterministic, and uncapped parts stay within one VU of their exact share
    /// (after capped agents are taken out).
    @Test func propertyHoldsForRandomPlans() throws {
        let seed = PropertyRounds.seed("VUSplit property", fixed: 0x7E55_0B1D)
        var rng = SplitMix64(seed: seed)
        for _ in 0..<PropertyRounds.count(300) {
            let count = Int(rng.next() % 12) + 1
            var agents: [VUSplit.Agent] = []
            for _ in 0..<count {
                let weight = Double(rng.next() % 1000 + 1) / 100
                let cap: Int? = rng.next() % 3 == 0 ? Int(rng.next() % 500) : nil
                agents.append(.init(weight: weight, maxVUs: cap))
            }
            let capacity = agents.reduce(0) { $0 + ($1.maxVUs ?? 1_000_000) }
            let total = Int(rng.next() % UInt64(min(capacity, 20_000) + 1))
            let split = try VUSplit.split(total: total, agents: agents)
            #expect(split.reduce(0, +) == total, "seed \(seed)")
            #expect(try VUSplit.split(total: total, agents: agents) == split, "seed \(seed)")
            for (agent, part) in zip(agents, split) {
                #expect(part >= 0 && part <= (agent.maxVUs ?? .max), "seed \(seed)")
            }
            // Uncapped agents share the last round, so each got floor or ceil of its exact share:
            // no one is more than a VU ahead of proportional relative to another.
            let uncapped = zip(agents, split).filter { $0.0.maxVUs == nil }
            for (a, partA) in uncapped {
                for (b, partB) in uncapped {
                    #expect(Double(partA - 1) / a.weight < Double(partB + 1) / b.weight + 1e-9, "seed \(seed)")
                }
            }
        }
    }
}
