/// The trend (distribution) metrics Barrage records, each into its own HdrHistogram in microseconds.
public enum TrendMetric: String, CaseIterable, Codable, Sendable, Hashable {
    case httpReqDuration = "http_req_duration"
    case httpReqBlocked = "http_req_blocked"
    case httpReqConnecting = "http_req_connecting"
    case httpReqTLSHandshaking = "http_req_tls_handshaking"
    case httpReqSending = "http_req_sending"
    case httpReqWaiting = "http_req_waiting"
    case httpReqReceiving = "http_req_receiving"
    case iterationDuration = "iteration_duration"
    /// For arrival-rate executors: http_req_duration plus how late the iteration started against
    /// its schedule, so queueing in the load generator (coordinated omission) shows.
    case httpReqDurationCorrected = "http_req_duration_corrected"
    /// k6's group_duration: one pass through a `group:` step, entry to exit.
    case groupDuration = "group_duration"

    /// The k6 metric name.
    public var name: String { rawValue }

    /// Metrics shown only when some value was recorded (only arrival-rate executors record the
    /// corrected duration, only flows with groups record group_duration).
    public var isShownOnlyWhenRecorded: Bool { self == .httpReqDurationCorrected || self == .groupDuration }

    /// Metrics shown in the default summary; the HTTP phases appear only when asked for.
    public var isPhase: Bool {
        switch self {
        case .httpReqDuration, .iterationDuration, .httpReqDurationCorrected, .groupDuration: return false
        default: return true
        }
    }
}
