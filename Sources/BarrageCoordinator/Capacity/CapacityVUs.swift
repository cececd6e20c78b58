import BarrageCore
import BarrageResults

/// How many VUs a constant-arrival-rate step gets: enough that the target's own latency never
/// runs them out below the thresholds' bounds, so dropped iterations mean something (Little's law:
/// busy VUs = rate x latency).
public enum CapacityVUs {
    /// The most VUs a step may ask for, whatever the rate and latency.
    public static let cap = 200_000

    /// The latency the next step is sized from: the p99 of the highest rate that passed, where
    /// the target kept up; before any passed, the last step's. Not an overloaded step's p99: its
    /// seconds of queue would start tens of thousands of VUs (each a connection) for the
    /// bisection's next step, which runs below that rate.
    public static func latency(for search: CapacitySearch) -> Double? {
        if let passed = search.lastPass, passed.p99Micros > 0 { return passed.p99Micros }
        return search.steps.last.flatMap { $0.p99Micros > 0 ? $0.p99Micros : nil }
    }

    /// - Parameters:
    ///   - rate: iterations per second of the step.
    ///   - latencyMicros: from ``latency(for:)`` (nil for the first step: 100 ms assumed).
    ///   - agents: agents sharing the step (each needs at least one VU).
    /// - Returns: VUs started at once, and the most the executor may grow to: four times the
    ///   latency seen, and never less than one second's worth of iterations.
    public static func size(rate: Int, latencyMicros: Double?, agents: Int) -> (preAllocated: Int, max: Int) {
        let latency = max(latencyMicros ?? 100_000, 1_000) / 1e6
        let perRate = Double(max(rate, 1))
        let floor = max(agents, 1)
        let preAllocated = min(Int((perRate * latency * 2).rounded(.up)) + floor, cap)
        let most = min(Int((perRate * max(latency * 4, 1)).rounded(.up)) + floor, cap)
        return (min(preAllocated, most), max(preAllocated, most))
    }
}
