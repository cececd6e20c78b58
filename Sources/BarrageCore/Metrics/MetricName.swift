/// k6's exact metric names, kept in one place (as k6's `metrics/builtin.go` does) so the summary,
/// the JSON export and every output agree on spelling.
public enum MetricName {
    public static let checks = "checks"
    public static let dataReceived = "data_received"
    public static let dataSent = "data_sent"
    public static let droppedIterations = "dropped_iterations"
    public static let httpReqBlocked = "http_req_blocked"
    public static let httpReqConnecting = "http_req_connecting"
    public static let httpReqDuration = "http_req_duration"
    public static let httpReqFailed = "http_req_failed"
    public static let httpReqReceiving = "http_req_receiving"
    public static let httpReqSending = "http_req_sending"
    public static let httpReqTLSHandshaking = "http_req_tls_handshaking"
    public static let httpReqWaiting = "http_req_waiting"
    public static let httpReqs = "http_reqs"
    public static let iterationDuration = "iteration_duration"
    public static let iterations = "iterations"
    public static let vus = "vus"
    public static let vusMax = "vus_max"
}
