/// What one executor should be doing at each instant, for one execution segment.
///
/// Every planned integer is computed for the whole test first and then scaled with
/// ``ExecutionSegment/scale(_:)``, so over the segments of one sequence the agents' VUs and
/// started iterations add up to the whole test's at every instant, exactly, and each agent's
/// values never decrease where the whole test's do not.
///
/// Times are microseconds since the executor started; the active window is
/// `0 <= t < ExecutorConfig/totalDurationMicros` (without the graceful ramp-down of `ramping-vus`).
public struct ExecutorPlan: Sendable, Equatable {
    public var config: ExecutorConfig
    public var segment: ExecutionSegment

    public init(config: ExecutorConfig, segment: ExecutionSegment = .full) {
        self.config = config
        self.segment = segment
    }

    /// The VUs this segment should have at `t`: for `ramping-vus` the linear ramp of each stage
    /// (k6 adds or removes one VU each time the line crosses a whole number), for arrival rates the
    /// pre-allocated VUs, otherwise the configured VUs; 0 outside the active window.
    public func vus(atMicros t: Int64) -> Int {
        segment.scale(Self.globalVUs(config, atMicros: t))
    }

    /// The most VUs this segment may use (its part of ``ExecutorConfig/maxVUs``).
    public var maxVUs: Int { segment.scale(config.maxVUs) }

    /// How many iterations this segment should have started before `t`, for arrival-rate
    /// executors; `nil` for executors whose iterations are driven by VUs rather than by time.
    ///
    /// Globally, iteration `k` (from 0) starts when the integral of the rate reaches `k`, as in
    /// k6: `constant-arrival-rate` starts one every `timeUnit / rate`, the first at 0. The count
    /// started in `[0, t)` is the ceiling of that integral, computed exactly in 128-bit integers.
    public func iterationsStarted(byMicros t: Int64) -> Int? {
        Self.globalIterationsStarted(config, byMicros: t).map(segment.scale)
    }

    /// The iterations this segment runs in total: `vus * iterations` of its VUs for
    /// `per-vu-iterations`; for `shared-iterations` its share of the total, split in proportion to
    /// the VUs each segment got (so a segment without VUs gets no iterations); for arrival rates all
    /// iterations started by the end; `nil` for VU executors, which loop until time is up.
    public var totalIterations: Int? {
        switch config {
        case .constantVUs, .rampingVUs:
            return nil
        case .perVUIterations(let vus, let iterations, _):
            let (total, overflow) = segment.scale(vus).multipliedReportingOverflow(by: iterations)
            return overflow ? .max : total
        case .sharedIterations(let vus, let iterations, _):
            return Self.shareByVUs(iterations, vuParts: segment.partsOfSequence(vus))[segment.index]
        case .constantArrivalRate, .rampingArrivalRate:
            return iterationsStarted(byMicros: config.totalDurationMicros)
        }
    }

    // MARK: - The whole test

    /// The whole test's planned VUs at `t` (see ``vus(atMicros:)``).
    public static func globalVUs(_ config: ExecutorConfig, atMicros t: Int64) -> Int {
        guard t >= 0 else { return 0 }
        switch config {
        case .constantVUs(let vus, let duration):
            return t < duration ? vus : 0
        case .rampingVUs(let startVUs, let stages, _):
            var start: Int64 = 0
            var from = startVUs
            // A zero-length stage only moves the starting point of the next one (a jump).
            for stage in stages where stage.durationMicros >= 0 {
                if stage.durationMicros > 0, t < start + stage.durationMicros {
                    // k6 moves one VU each time `from + (target - from) * elapsed / duration` crosses
                    // a whole number, so the count is that line rounded toward `from`.
                    let step = Int128(stage.target - from) * Int128(t - start) / Int128(stage.durationMicros)
                    return from + Int(step)
                }
                start += stage.durationMicros
                from = stage.target
            }
            return 0
        case .constantArrivalRate(_, _, let duration, let preAllocated, _):
            return t < duration ? preAllocated : 0
        case .rampingArrivalRate(_, _, _, let preAllocated, _):
            return t < config.totalDurationMicros ? preAllocated : 0
        case .perVUIterations(let vus, _, let maxDuration), .sharedIterations(let vus, _, let maxDuration):
            return t < maxDuration ? vus : 0
        }
    }

    /// The whole test's iterations started in `[0, t)` (see ``iterationsStarted(byMicros:)``).
    public static func globalIterationsStarted(_ config: ExecutorConfig, byMicros t: Int64) -> Int? {
        switch config {
        case .constantArrivalRate(let rate, let timeUnit, let duration, _, _):
            guard timeUnit > 0 else { return 0 }
            let x = Int128(Swift.min(Swift.max(t, 0), duration))
            return clampedInt(ceilDivide(Int128(rate) * x, Int128(timeUnit)))
        case .rampingArrivalRate(let startRate, let timeUnit, let stages, _, _):
            guard timeUnit > 0 else { return 0 }
            return clampedInt(rampedIterations(startRate: startRate, timeUnit: timeUnit, stages: stages, t: t))
        case .constantVUs, .rampingVUs, .perVUIterations, .sharedIterations:
            return nil
        }
    }

    /// `ceil(integral of rate / timeUnit over [0, t))` for a piecewise linear rate.
    ///
    /// A full stage from rate `a` to `b` over `d` contributes `(a + b) * d / (2 * timeUnit)`;
    /// `x` into a stage adds `(2*a*x*d + (b - a)*x^2) / (2 * d * timeUnit)`. Summed over one
    /// denominator so the ceiling is exact.
    static func rampedIterations(startRate: Int, timeUnit: Int64, stages: [Stage], t: Int64) -> Int128 {
        guard t > 0 else { return 0 }
        var completed: Int128 = 0  // twice the integral times timeUnit
        var start: Int64 = 0
        var from = Int128(startRate)
        for stage in stages where stage.durationMicros >= 0 {
            let d = Int128(stage.durationMicros)
            let to = Int128(stage.target)
            if stage.durationMicros > 0, t < start + stage.durationMicros {
                let x = Int128(t - start)
                let numerator = completed * d + 2 * from * x * d + (to - from) * x * x
                return ceilDivide(numerator, 2 * d * Int128(timeUnit))
            }
            completed += (from + to) * d
            start += stage.durationMicros
            from = to
        }
        return ceilDivide(completed, 2 * Int128(timeUnit))
    }

    /// Splits `total` over segments in proportion to `vuParts`, exactly, by the same rounded chain
    /// as ``ExecutionSegment``; segments with no VUs get nothing. Without any VUs, nobody does.
    public static func shareByVUs(_ total: Int, vuParts: [Int]) -> [Int] {
        var remainingVUs = Int128(vuParts.reduce(0) { $0 + Swift.max($1, 0) })
        var rest = Int128(total)
        var parts: [Int] = []
        for vus in vuParts.map({ Int128(Swift.max($0, 0)) }) {
            guard remainingVUs > 0 else {
                parts.append(0)
                continue
            }
            let (quotient, remainder) = (rest * vus).quotientAndRemainder(dividingBy: remainingVUs)
            let part = quotient + (2 * remainder >= remainingVUs && vus > 0 ? 1 : 0)
            parts.append(Int(part))
            rest -= part
            remainingVUs -= vus
        }
        return parts
    }

    static func ceilDivide(_ numerator: Int128, _ denominator: Int128) -> Int128 {
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        return remainder > 0 ? quotient + 1 : quotient
    }

    static func clampedInt(_ value: Int128) -> Int {
        value > Int128(Int.max) ? .max : value < 0 ? 0 : Int(value)
    }
}
