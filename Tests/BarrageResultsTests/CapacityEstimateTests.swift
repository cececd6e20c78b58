import Testing
@testable import BarrageCore
@testable import BarrageResults

struct CapacityEstimateTests {
    /// Five agents behind 90 Mbit/s links: ~11.2 MB/s, ~233 pages of 48 kB each.
    let capped = (1...5).map {
        AgentCapacity(agent: "a\($0)", address: "10.99.1.\($0):7070", bytesPerSecond: 11_200_000, requestsPerSecond: 233, errors: 0)
    }

    @Test func estimatesAgentsForAGoal() {
        #expect(CapacityEstimate.agentsNeeded(forRequestsPerSecond: 1000, capacities: capped) == 5)
        #expect(CapacityEstimate.agentsNeeded(forRequestsPerSecond: 233, capacities: capped) == 1)
        #expect(CapacityEstimate.agentsNeeded(forRequestsPerSecond: 1000, capacities: []) == nil)
    }

    @Test func weightsFollowCapacity() {
        let mixed = [
            AgentCapacity(agent: "a1", address: "x", bytesPerSecond: 100, requestsPerSecond: 2, errors: 0),
            AgentCapacity(agent: "a2", address: "y", bytesPerSecond: 50, requestsPerSecond: 1, errors: 0),
            AgentCapacity(agent: "a3", address: "z", bytesPerSecond: 0, requestsPerSecond: 0, errors: 9),
        ]
        #expect(CapacityEstimate.weights(mixed) == [1, 0.5, 0.001])
    }

    @Test func rendersTheTable() {
        let text = CapacityEstimate.render(Array(capped.prefix(2)), pageBytes: 48_000, goal: 1000)
        #expect(text == """
              agent  address                 MB/s   req/s  errors
              a1     10.99.1.1:7070          11.2     233       0
              a2     10.99.1.2:7070          11.2     233       0
              page size 48 kB; all agents together: about 466 req/s of this page
              1000 req/s needs about 5 agents like these
            """)
    }
}
