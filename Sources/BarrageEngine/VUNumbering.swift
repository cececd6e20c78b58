import BarrageCore

/// Numbers VUs and iterations across the whole test, all agents and loops, as k6's
/// `exec.vu.idInTest` (from 1) and `exec.scenario.iterationInTest` (from 0) do.
///
/// A loop's VUs are a contiguous block: the VUs of the segments (agents) before this one, then of
/// the loops before this one, come first; both are the same exact splits the schedule uses.
/// Iterations: `shared-iterations` gives each loop a contiguous block of its exact share (so the
/// test's iterations are exactly `0..<iterations`); `per-vu-iterations` numbers VU `v`'s
/// iteration `i` as `(v-1)*iterations + i`; the others (no fixed total) interleave the VUs:
/// `i * maxVUs + (v-1)`. Every number is distinct across the test; none traps on overflow.
struct VUNumbering {
    /// `${vu}` of this loop's first VU.
    let firstVU: Int
    let totalVUs: Int
    private let scheme: Scheme

    enum Scheme {
        case block(first: Int)
        case perVU(iterations: Int)
        case interleaved
    }

    init(plan: ExecutorPlan, loop: ExecutionSegment) {
        let config = plan.config
        let agentVUParts = plan.segment.partsOfSequence(config.maxVUs)
        let loopVUParts = loop.partsOfSequence(plan.maxVUs)
        firstVU = 1 + Self.before(plan.segment.index, in: agentVUParts) + Self.before(loop.index, in: loopVUParts)
        totalVUs = config.maxVUs
        switch config {
        case .sharedIterations(_, let iterations, _):
            let agents = ExecutorPlan.shareByVUs(iterations, vuParts: agentVUParts)
            let agentTotal = plan.segment.index < agents.count ? agents[plan.segment.index] : 0
            let loops = ExecutorPlan.shareByVUs(agentTotal, vuParts: loopVUParts)
            scheme = .block(first: Self.before(plan.segment.index, in: agents) + Self.before(loop.index, in: loops))
        case .perVUIterations(_, let iterations, _):
            scheme = .perVU(iterations: iterations)
        default:
            scheme = .interleaved
        }
    }

    /// `${vu}` of local VU `index`.
    func vu(_ index: Int) -> Int { firstVU &+ index }

    /// `${iteration}` of the loop's `started`-th iteration (from 0), VU `index`'s `vuIteration`-th.
    func iteration(started: Int, vu index: Int, vuIteration: Int) -> Int {
        switch scheme {
        case .block(let first):
            return first &+ started
        case .perVU(let iterations):
            return Self.saturating((vu(index) - 1), times: iterations, plus: vuIteration)
        case .interleaved:
            return Self.saturating(vuIteration, times: totalVUs, plus: vu(index) - 1)
        }
    }

    static func before(_ index: Int, in parts: [Int]) -> Int {
        parts.prefix(max(index, 0)).reduce(0, &+)
    }

    static func saturating(_ a: Int, times b: Int, plus c: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow else { return .max }
        let (sum, overflowSum) = product.addingReportingOverflow(c)
        return overflowSum ? .max : sum
    }
}
