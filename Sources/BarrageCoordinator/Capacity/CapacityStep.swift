import BarrageCore
import BarrageResults

/// One step of a capacity search: a constant arrival rate held for a while, as measured after its
/// warm-up, and whether it passed.
public struct CapacityStep: Sendable, Equatable {
    /// Iterations per second asked of all agents together.
    public var rate: Int
    /// Iterations per second completed, over the judged seconds.
    public var achievedRate: Double
    /// http_req_duration percentiles over the judged seconds, µs.
    public var p50Micros: Double
    public var p95Micros: Double
    public var p99Micros: Double
    /// http_req_failed as a fraction.
    public var failedRate: Double
    /// Iterations not started because every VU was busy.
    public var dropped: UInt64
    /// The thresholds that failed on the judged seconds, as `metric observed (expression)`.
    public var failedThresholds: [String]
    /// Why the load generator could not carry the step; empty when it did.
    public var limits: [GeneratorLimit]
    /// The step's results folder, if it wrote one.
    public var resultsFolder: String?

    public init(
        rate: Int, achievedRate: Double, p50Micros: Double = 0, p95Micros: Double = 0, p99Micros: Double = 0,
        failedRate: Double = 0, dropped: UInt64 = 0, failedThresholds: [String] = [], limits: [GeneratorLimit] = []
    ) {
        self.rate = rate
        self.achievedRate = achievedRate
        self.p50Micros = p50Micros
        self.p95Micros = p95Micros
        self.p99Micros = p99Micros
        self.failedRate = failedRate
        self.dropped = dropped
        self.failedThresholds = failedThresholds
        self.limits = limits
    }

    /// The thresholds held and the load generator kept up.
    public var passed: Bool { failedThresholds.isEmpty && limits.isEmpty }
    public var isGeneratorLimited: Bool { !limits.isEmpty }
    /// `ok`, or the limited agents and resources, e.g. `a1 network`.
    public var generatorStatus: String {
        limits.isEmpty ? "ok" : limits.map { "\($0.agent) \($0.reason.rawValue)" }.joined(separator: ", ")
    }
}

/// An agent that could not carry a step, and why.
public struct GeneratorLimit: Sendable, Equatable {
    public enum Reason: String, Sendable, Equatable {
        case cpu = "CPU"
        case eventLoop = "event loop"
        case network
        /// Every VU was busy: iterations were dropped while the target answered within thresholds.
        case vus = "VUs"
        /// The agent started fewer iterations than its share of the rate, for no reason seen.
        case schedule
    }

    public var agent: String
    public var reason: Reason
    /// What was seen, with figures, e.g. `network-bound at 11.2 MB/s`.
    public var detail: String
    /// Agents like it needed for the rate in question, when it can be estimated.
    public var agentsNeeded: Int?
    /// The rate `agentsNeeded` is for.
    public var forRate: Int?

    public init(agent: String, reason: Reason, detail: String, agentsNeeded: Int? = nil, forRate: Int? = nil) {
        self.agent = agent
        self.reason = reason
        self.detail = detail
        self.agentsNeeded = agentsNeeded
        self.forRate = forRate
    }

    /// `a1 network-bound at 11.2 MB/s: about 5 agents like it are needed for 1000 req/s`.
    public var description: String {
        var text = "\(agent) \(detail)"
        if let agentsNeeded, let forRate {
            text += ": about \(agentsNeeded) agent\(agentsNeeded == 1 ? "" : "s") like it \(agentsNeeded == 1 ? "is" : "are") needed for \(forRate) req/s"
        }
        return text
    }
}
