/// How a run schedules VUs and iterations: k6's executors with k6's option names and semantics.
///
/// Pure configuration, as k6 keeps `Validate` and `GetExecutionRequirements` apart from the running
/// executor: ``validate()`` checks the options before a run, ``ExecutorPlan`` says what should be
/// running at each instant. Times are microseconds; rates are iterations per ``timeUnitMicros``.
public enum ExecutorConfig: Sendable, Equatable {
    /// A fixed number of VUs loop for a duration.
    case constantVUs(vus: Int, durationMicros: Int64)
    /// VUs ramp linearly from `startVUs` through each stage's target; after the last stage, VUs
    /// finish their iterations for up to `gracefulRampDownMicros`.
    case rampingVUs(startVUs: Int, stages: [Stage], gracefulRampDownMicros: Int64)
    /// `rate` iterations start every `timeUnitMicros`, evenly spaced, for a duration.
    case constantArrivalRate(rate: Int, timeUnitMicros: Int64, durationMicros: Int64, preAllocatedVUs: Int, maxVUs: Int)
    /// The iteration start rate ramps linearly from `startRate` through each stage's target.
    case rampingArrivalRate(startRate: Int, timeUnitMicros: Int64, stages: [Stage], preAllocatedVUs: Int, maxVUs: Int)
    /// Each of `vus` VUs runs `iterations` iterations, within `maxDurationMicros`.
    case perVUIterations(vus: Int, iterations: Int, maxDurationMicros: Int64)
    /// `vus` VUs share `iterations` iterations, within `maxDurationMicros`.
    case sharedIterations(vus: Int, iterations: Int, maxDurationMicros: Int64)

    /// k6's minimum for a duration or maxDuration.
    public static let minimumDurationMicros: Int64 = 1_000_000
    /// Limits that keep the exact 128-bit schedule arithmetic far from overflow (and runs sane).
    public static let maximumDurationMicros: Int64 = 366 * 24 * 3600 * 1_000_000
    public static let maximumRate = 1_000_000_000
    public static let maximumVUs = 10_000_000

    /// k6's executor name: `constant-vus`, `ramping-arrival-rate`, ...
    public var name: String { kind.rawValue }

    /// Which executor this is.
    public var kind: ExecutorName {
        switch self {
        case .constantVUs: return .constantVUs
        case .rampingVUs: return .rampingVUs
        case .constantArrivalRate: return .constantArrivalRate
        case .rampingArrivalRate: return .rampingArrivalRate
        case .perVUIterations: return .perVUIterations
        case .sharedIterations: return .sharedIterations
        }
    }

    /// The longest the executor runs: the duration, the stages plus `gracefulRampDown` for
    /// ramping VUs, the stages for ramping arrival rates, `maxDuration` for iteration executors.
    public var totalDurationMicros: Int64 {
        switch self {
        case .constantVUs(_, let duration), .constantArrivalRate(_, _, let duration, _, _):
            return duration
        case .rampingVUs(_, let stages, let gracefulRampDown):
            let (total, overflow) = Self.stagesDuration(stages).addingReportingOverflow(Swift.max(gracefulRampDown, 0))
            return overflow ? .max : total
        case .rampingArrivalRate(_, _, let stages, _, _):
            return Self.stagesDuration(stages)
        case .perVUIterations(_, _, let maxDuration), .sharedIterations(_, _, let maxDuration):
            return maxDuration
        }
    }

    /// The most VUs the executor can use at once: for ramping VUs the largest of `startVUs` and
    /// the stage targets; for arrival rates `maxVUs`.
    public var maxVUs: Int {
        switch self {
        case .constantVUs(let vus, _), .perVUIterations(let vus, _, _), .sharedIterations(let vus, _, _):
            return vus
        case .rampingVUs(let startVUs, let stages, _):
            return stages.map(\.target).reduce(startVUs, Swift.max)
        case .constantArrivalRate(_, _, _, _, let maxVUs), .rampingArrivalRate(_, _, _, _, let maxVUs):
            return maxVUs
        }
    }

    /// The shortest `constant-vus` duration the command line accepts (`--duration 100ms`).
    public static let minimumCommandLineDurationMicros: Int64 = 100_000

    /// Checks the options as k6's `Validate` does, reporting the first problem.
    /// - Parameter constantVUsMinimumMicros: the shortest `constant-vus` duration accepted: k6's
    ///   1 s for scenario files, ``minimumCommandLineDurationMicros`` for `--duration` and the wire.
    /// - Throws: ``ExecutorConfigError``.
    public func validate(constantVUsMinimumMicros: Int64 = minimumDurationMicros) throws(ExecutorConfigError) {
        try validateLimits()
        switch self {
        case .constantVUs(let vus, let duration):
            try Self.positive("the number of VUs", vus)
            guard duration >= constantVUsMinimumMicros else { throw .durationTooShort(what: "duration", micros: duration) }
        case .rampingVUs(let startVUs, let stages, let gracefulRampDown):
            guard startVUs >= 0 else { throw .negative(what: "the number of start VUs", value: startVUs) }
            try Self.validateStages(stages)
            guard gracefulRampDown >= 0 else { throw .negativeDuration(what: "gracefulRampDown", micros: gracefulRampDown) }
            guard maxVUs > 0 else { throw .allTargetsZero(start: "startVUs") }
        case .constantArrivalRate(let rate, let timeUnit, let duration, let preAllocated, let maxVUs):
            try Self.positive("the iteration rate", rate)
            try Self.positiveTimeUnit(timeUnit)
            try Self.atLeastOneSecond("duration", duration)
            try Self.validateVUs(preAllocated: preAllocated, maxVUs: maxVUs)
        case .rampingArrivalRate(let startRate, let timeUnit, let stages, let preAllocated, let maxVUs):
            guard startRate >= 0 else { throw .negative(what: "the startRate value", value: startRate) }
            try Self.positiveTimeUnit(timeUnit)
            try Self.validateStages(stages)
            guard stages.map(\.target).reduce(startRate, Swift.max) > 0 else { throw .allTargetsZero(start: "startRate") }
            try Self.validateVUs(preAllocated: preAllocated, maxVUs: maxVUs)
        case .perVUIterations(let vus, let iterations, let maxDuration):
            try Self.positive("the number of VUs", vus)
            try Self.positive("the number of iterations", iterations)
            try Self.atLeastOneSecond("maxDuration", maxDuration)
        case .sharedIterations(let vus, let iterations, let maxDuration):
            try Self.positive("the number of VUs", vus)
            try Self.positive("the number of iterations", iterations)
            guard iterations >= vus else { throw .iterationsBelowVUs(iterations: iterations, vus: vus) }
            try Self.atLeastOneSecond("maxDuration", maxDuration)
        }
    }

    /// Rates, VUs, iterations and durations within ``maximumRate``, ``maximumVUs`` and
    /// ``maximumDurationMicros`` (the stages' total too).
    func validateLimits() throws(ExecutorConfigError) {
        func vus(_ what: String, _ value: Int) throws(ExecutorConfigError) {
            guard value <= Self.maximumVUs else { throw .tooLarge(what: what, value: "\(value)", limit: "\(Self.maximumVUs)") }
        }
        func rate(_ what: String, _ value: Int) throws(ExecutorConfigError) {
            guard value <= Self.maximumRate else { throw .tooLarge(what: what, value: "\(value)", limit: "\(Self.maximumRate)") }
        }
        func duration(_ what: String, _ micros: Int64) throws(ExecutorConfigError) {
            guard micros <= Self.maximumDurationMicros else {
                throw .tooLarge(what: what, value: ExecutorConfigError.format(micros), limit: "366 days")
            }
        }
        switch self {
        case .constantVUs(let count, let total):
            try vus("the number of VUs", count)
            try duration("duration", total)
        case .rampingVUs(let start, let stages, let gracefulRampDown):
            try vus("startVUs", start)
            for stage in stages { try vus("a stage target", stage.target) }
            try duration("the stages' total duration", Self.stagesDuration(stages))
            try duration("gracefulRampDown", gracefulRampDown)
        case .constantArrivalRate(let perUnit, let timeUnit, let total, let preAllocated, let max):
            try rate("the rate", perUnit)
            try duration("timeUnit", timeUnit)
            try duration("duration", total)
            try vus("preAllocatedVUs", preAllocated)
            try vus("maxVUs", max)
        case .rampingArrivalRate(let start, let timeUnit, let stages, let preAllocated, let max):
            try rate("startRate", start)
            for stage in stages { try rate("a stage target", stage.target) }
            try duration("timeUnit", timeUnit)
            try duration("the stages' total duration", Self.stagesDuration(stages))
            try vus("preAllocatedVUs", preAllocated)
            try vus("maxVUs", max)
        case .perVUIterations(let count, let iterations, let maxDuration), .sharedIterations(let count, let iterations, let maxDuration):
            try vus("the number of VUs", count)
            try rate("the number of iterations", iterations)
            try duration("maxDuration", maxDuration)
        }
    }

    /// The sum of the stages' durations, saturating instead of overflowing.
    static func stagesDuration(_ stages: [Stage]) -> Int64 {
        stages.reduce(Int64(0)) { sum, stage in
            let (total, overflow) = sum.addingReportingOverflow(Swift.max(stage.durationMicros, 0))
            return overflow ? .max : total
        }
    }

    static func positive(_ what: String, _ value: Int) throws(ExecutorConfigError) {
        guard value > 0 else { throw .notPositive(what: what, value: value) }
    }

    static func atLeastOneSecond(_ what: String, _ micros: Int64) throws(ExecutorConfigError) {
        guard micros >= minimumDurationMicros else { throw .durationTooShort(what: what, micros: micros) }
    }

    static func positiveTimeUnit(_ micros: Int64) throws(ExecutorConfigError) {
        guard micros > 0 else { throw .timeUnitNotPositive(micros: micros) }
    }

    static func validateStages(_ stages: [Stage]) throws(ExecutorConfigError) {
        guard !stages.isEmpty else { throw .noStages }
        for (index, stage) in stages.enumerated() {
            guard stage.durationMicros >= 0 else { throw .stageNegativeDuration(stage: index + 1, micros: stage.durationMicros) }
            guard stage.target >= 0 else { throw .stageNegativeTarget(stage: index + 1, target: stage.target) }
        }
    }

    static func validateVUs(preAllocated: Int, maxVUs: Int) throws(ExecutorConfigError) {
        guard preAllocated >= 0 else { throw .negative(what: "the number of preAllocatedVUs", value: preAllocated) }
        // Without a single VU every iteration would be dropped: say so before the run.
        guard maxVUs > 0 else { throw .notPositive(what: "maxVUs (or preAllocatedVUs)", value: maxVUs) }
        guard maxVUs >= preAllocated else { throw .maxVUsBelowPreAllocated(maxVUs: maxVUs, preAllocatedVUs: preAllocated) }
    }
}
