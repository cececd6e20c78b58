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

    /// The k6 metric name.
    public var name: String { rawValue }

    /// Metrics shown in the default summary; the HTTP phases appear only when asked for.
    public var isPhase: Bool {
        switch self {
        case .httpReqDuration, .iterationDuration: return false
        default: return true
        }
    }
}
