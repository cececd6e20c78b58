/// k6's executor names: the one list `executor:` in a file and `executor` on the wire accept.
/// A new executor is one new case here, which every switch over it must then handle.
public enum ExecutorName: String, CaseIterable, Codable, Sendable {
    case constantVUs = "constant-vus"
    case rampingVUs = "ramping-vus"
    case constantArrivalRate = "constant-arrival-rate"
    case rampingArrivalRate = "ramping-arrival-rate"
    case perVUIterations = "per-vu-iterations"
    case sharedIterations = "shared-iterations"

    /// Every name, comma-separated, for "one of ..." messages.
    public static let list = allCases.map(\.rawValue).joined(separator: ", ")

    /// The options the executor takes besides `executor` and `gracefulStop`, with k6's names.
    public var optionKeys: [String] {
        switch self {
        case .constantVUs: return ["vus", "duration"]
        case .rampingVUs: return ["startVUs", "stages", "gracefulRampDown"]
        case .constantArrivalRate: return ["rate", "timeUnit", "duration", "preAllocatedVUs", "maxVUs"]
        case .rampingArrivalRate: return ["startRate", "timeUnit", "stages", "preAllocatedVUs", "maxVUs"]
        case .perVUIterations, .sharedIterations: return ["vus", "iterations", "maxDuration"]
        }
    }
}
