/// One event loop's part of an agent's ``ExecutorPlan``: the agent's planned integers split once
/// more, evenly over its loops, by the same exact monotone chain as agents (``ExecutionSegment``).
///
/// So the loops' VUs and started iterations add up to the agent's at every instant, and the
/// agents' to the whole test's.
public struct LoopSchedule: Sendable, Equatable {
    public let plan: ExecutorPlan
    /// This loop's part of the agent's segment.
    public let loop: ExecutionSegment

    /// The loops' segments are as wide as their VUs (the agent's VUs split evenly), so a loop
    /// with fewer VUs also gets fewer of the arrival-rate iterations to start.
    /// - Precondition: `0 <= loopIndex < loopCount`.
    public init(plan: ExecutorPlan, loopIndex: Int, loopCount: Int) {
        self.plan = plan
        let even = (try? ExecutionSegment.fromWeights([Double](repeating: 1, count: Swift.max(loopCount, 1)))) ?? [.full]
        let vuParts = even[0].partsOfSequence(plan.maxVUs)
        let loops = vuParts.allSatisfy({ $0 > 0 })
            ? ((try? ExecutionSegment.fromWeights(vuParts.map(Double.init))) ?? even)
            : even
        loop = loops[Swift.min(Swift.max(loopIndex, 0), loops.count - 1)]
    }

    public var config: ExecutorConfig { plan.config }

    /// VUs this loop should run at `t` (µs since the start).
    public func vus(atMicros t: Int64) -> Int { loop.scale(plan.vus(atMicros: t)) }

    /// The most VUs this loop may use.
    public var maxVUs: Int { loop.scale(plan.maxVUs) }

    /// Iterations this loop should have started before `t`, for arrival-rate executors.
    public func iterationsStarted(byMicros t: Int64) -> Int? {
        plan.iterationsStarted(byMicros: t).map(loop.scale)
    }

    /// The iterations this loop runs in total for iteration executors (shared-iterations: its share
    /// of the agent's, in proportion to its VUs); nil for executors that run until time is up.
    public var totalIterations: Int? {
        switch plan.config {
        case .perVUIterations(_, let iterations, _):
            let (total, overflow) = maxVUs.multipliedReportingOverflow(by: iterations)
            return overflow ? .max : total
        case .sharedIterations:
            guard let agentTotal = plan.totalIterations else { return nil }
            return ExecutorPlan.shareByVUs(agentTotal, vuParts: loop.partsOfSequence(plan.maxVUs))[loop.index]
        case .constantVUs, .rampingVUs, .constantArrivalRate, .rampingArrivalRate:
            return nil
        }
    }

    /// When iteration `k` (from 0) of this loop is planned to start: the first instant `t >= from`
    /// by whose end `k + 1` iterations have started; nil when it never starts within the window.
    ///
    /// Gallops forward from `from`, then bisects: about 2·log2(gap/1ms) evaluations per iteration.
    public func startMicros(ofIteration k: Int, from: Int64) -> Int64? {
        let window = plan.config.activeWindowMicros
        let start = Swift.max(from, 0)
        guard start < window, let total = iterationsStarted(byMicros: window), total > k else { return nil }
        func startedBy(_ t: Int64) -> Int { iterationsStarted(byMicros: t + 1) ?? 0 }
        if startedBy(start) > k { return start }
        var low = start  // startedBy(low) <= k
        var step: Int64 = 1_000
        var high = Swift.min(start + step, window - 1)
        while startedBy(high) <= k {
            guard high < window - 1 else { return nil }
            low = high
            step = step.multipliedReportingOverflow(by: 2).overflow ? step : step * 2
            high = Swift.min(high + step, window - 1)
        }
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if startedBy(middle) > k { high = middle } else { low = middle }
        }
        return high
    }
}

extension ExecutorConfig {
    /// The time in which iterations start: the duration, the ramping stages (without
    /// `gracefulRampDown`), or `maxDuration`. Iterations running at its end get the graceful stop.
    public var activeWindowMicros: Int64 {
        switch self {
        case .rampingVUs(_, let stages, _): return Self.stagesDuration(stages)
        default: return totalDurationMicros
        }
    }

    /// Whether iterations are started by a clock (arrival-rate) rather than by looping VUs.
    public var isArrivalRate: Bool {
        switch self {
        case .constantArrivalRate, .rampingArrivalRate: return true
        default: return false
        }
    }

    public var isConstantVUs: Bool {
        if case .constantVUs = self { return true }
        return false
    }

    /// `gracefulRampDown` of `ramping-vus`, µs; nil for other executors.
    public var gracefulRampDownMicros: Int64? {
        if case .rampingVUs(_, _, let micros) = self { return micros }
        return nil
    }
}
