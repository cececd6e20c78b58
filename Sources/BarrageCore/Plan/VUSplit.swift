/// Divides a run's VUs among agents by weight so that the parts add up to the total exactly.
///
/// Largest-remainder apportionment: each agent gets the floor of its exact share, and the VUs left
/// over go to the largest fractional remainders, ties to the earlier agent, so the result is
/// deterministic. An agent's `maxVUs` caps its part; what it cannot take is re-divided among the
/// others by their weights.
public enum VUSplit {
    public struct Agent: Sendable, Equatable {
        public var weight: Double
        public var maxVUs: Int?

        public init(weight: Double = 1, maxVUs: Int? = nil) {
            self.weight = weight
            self.maxVUs = maxVUs
        }
    }

    /// - Returns: one VU count per agent, in order, summing to `total`.
    /// - Throws: ``PlanError`` when there are no agents, a weight is not positive, or the caps
    ///   cannot hold `total`.
    public static func split(total: Int, agents: [Agent]) throws(PlanError) -> [Int] {
        guard !agents.isEmpty else { throw .noAgents }
        guard total >= 0 else { throw .negativeVUs(total) }
        for (index, agent) in agents.enumerated() {
            guard agent.weight > 0, agent.weight.isFinite else { throw .badWeight(index: index, weight: agent.weight) }
        }
        let capacity = agents.reduce(0) { $0 + ($1.maxVUs ?? Int.max / agents.count) }
        guard total <= capacity else { throw .notEnoughCapacity(total: total, capacity: capacity) }

        var result = Array(repeating: 0, count: agents.count)
        var open = Array(agents.indices)
        var remaining = total
        // Each round either places everything or fixes at least one capped agent, so this ends.
        while remaining > 0 {
            let shares = apportion(remaining, weights: open.map { agents[$0].weight })
            var capped = false
            for (position, index) in open.enumerated() {
                if let cap = agents[index].maxVUs, shares[position] > cap - result[index] { capped = true }
            }
            if !capped {
                for (position, index) in open.enumerated() { result[index] += shares[position] }
                break
            }
            var stillOpen: [Int] = []
            for (position, index) in open.enumerated() {
                if let cap = agents[index].maxVUs, shares[position] >= cap - result[index] {
                    remaining -= cap - result[index]
                    result[index] = cap
                } else {
                    stillOpen.append(index)
                }
                _ = position
            }
            open = stillOpen
        }
        return result
    }

    /// Largest-remainder apportionment of `total` by `weights` (all positive).
    static func apportion(_ total: Int, weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        var parts: [Int] = []
        var remainders: [(remainder: Double, index: Int)] = []
        for (index, weight) in weights.enumerated() {
            let exact = Double(total) * weight / sum
            let whole = Int(exact.rounded(.down))
            parts.append(whole)
            remainders.append((exact - Double(whole), index))
        }
        var left = total - parts.reduce(0, +)
        remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
        var cursor = 0
        while left > 0 {
            parts[remainders[cursor % remainders.count].index] += 1
            left -= 1
            cursor += 1
        }
        return parts
    }
}

/// Why a run cannot be planned.
public enum PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    case noAgents
    case negativeVUs(Int)
    case badWeight(index: Int, weight: Double)
    case notEnoughCapacity(total: Int, capacity: Int)
    /// The agents' VU counts do not make a sequence of execution segments.
    case segments(ExecutionSegmentError)

    public var description: String {
        switch self {
        case .noAgents: return "no agents to run on: give --agents host:port,... or run without it for local mode"
        case .negativeVUs(let vus): return "the number of VUs must be at least 0, but is \(vus)"
        case .badWeight(let index, let weight): return "agent \(index + 1) has weight \(weight), but weights must be positive numbers"
        case .notEnoughCapacity(let total, let capacity):
            return "\(total) VUs do not fit: the agents' --max-vus add up to \(capacity)"
        case .segments(let error): return "the agents' VUs do not split into execution segments: \(error)"
        }
    }
}
