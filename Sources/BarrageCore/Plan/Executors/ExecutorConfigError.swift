/// Why an executor's options were rejected, in k6's words with the bad value added.
public enum ExecutorConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What must be positive (e.g. "the number of VUs") and its value.
    case notPositive(what: String, value: Int)
    /// What must not be negative and its value.
    case negative(what: String, value: Int)
    /// `duration` or `maxDuration` below 1s.
    case durationTooShort(what: String, micros: Int64)
    case negativeDuration(what: String, micros: Int64)
    case timeUnitNotPositive(micros: Int64)
    case noStages
    /// 1-based stage number and its duration.
    case stageNegativeDuration(stage: Int, micros: Int64)
    /// 1-based stage number and its target.
    case stageNegativeTarget(stage: Int, target: Int)
    /// `startVUs` or `startRate`, with every stage target also 0.
    case allTargetsZero(start: String)
    case maxVUsBelowPreAllocated(maxVUs: Int, preAllocatedVUs: Int)
    case iterationsBelowVUs(iterations: Int, vus: Int)
    /// The stage text and what is wrong with it.
    case invalidStage(String, reason: String)
    /// A value beyond what Barrage schedules exactly (rates, VUs, durations), and the limit.
    case tooLarge(what: String, value: String, limit: String)

    public var description: String {
        switch self {
        case .notPositive(let what, let value):
            return "\(what) must be more than 0, but is \(value)"
        case .negative(let what, let value):
            return "\(what) can't be negative, but is \(value)"
        case .durationTooShort(let what, let micros):
            return "the \(what) must be at least 1s, but is \(Self.format(micros))"
        case .negativeDuration(let what, let micros):
            return "the \(what) can't be negative, but is \(Self.format(micros))"
        case .timeUnitNotPositive(let micros):
            return "the timeUnit must be more than 0, but is \(Self.format(micros))"
        case .noStages:
            return "at least one stage has to be specified, e.g. --stages 30s:100,1m:0"
        case .stageNegativeDuration(let stage, let micros):
            return "the duration for stage \(stage) can't be negative, but is \(Self.format(micros))"
        case .stageNegativeTarget(let stage, let target):
            return "the target for stage \(stage) can't be negative, but is \(target)"
        case .allTargetsZero(let start):
            return "either \(start) or one of the stages' target values must be greater than 0"
        case .maxVUsBelowPreAllocated(let maxVUs, let preAllocatedVUs):
            return "maxVUs (\(maxVUs)) can't be less than preAllocatedVUs (\(preAllocatedVUs))"
        case .iterationsBelowVUs(let iterations, let vus):
            return "the number of iterations (\(iterations)) can't be less than the number of VUs (\(vus))"
        case .tooLarge(let what, let value, let limit):
            return "\(what) must be at most \(limit), but is \(value)"
        case .invalidStage(let text, let reason):
            return "invalid stage '\(text)': \(reason); expected <duration>:<target>[,...], e.g. 30s:100,1m:1000"
        }
    }

    /// `0s`, `500ms`, `1m30s`.
    static func format(_ micros: Int64) -> String {
        micros == 0 ? "0s" : DurationFormatter.format(.microseconds(micros))
    }
}
