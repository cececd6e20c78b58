/// Plain counters of one interval (or of a whole run), summed when merged.
public struct Counters: Codable, Sendable, Equatable {
    public var httpReqs: UInt64 = 0
    /// Requests that failed: transport errors plus HTTP statuses that do not count as expected.
    public var httpReqFailed: UInt64 = 0
    public var iterations: UInt64 = 0
    public var dataReceivedBytes: UInt64 = 0
    public var dataSentBytes: UInt64 = 0
    public var checksPassed: UInt64 = 0
    public var checksFailed: UInt64 = 0
    /// Arrival-rate iterations that found no free VU and were not started (k6's dropped_iterations).
    public var droppedIterations: UInt64 = 0
    /// Failed requests by kind; kinds with no failures are absent.
    public var errors: [ErrorKind: UInt64] = [:]

    public init() {}

    /// Adds `other` into `self`.
    /// Saturating: counts a hostile agent inflates stop at `UInt64.max` instead of trapping.
    public mutating func add(_ other: Counters) {
        httpReqs = httpReqs.addingSaturating(other.httpReqs)
        httpReqFailed = httpReqFailed.addingSaturating(other.httpReqFailed)
        iterations = iterations.addingSaturating(other.iterations)
        dataReceivedBytes = dataReceivedBytes.addingSaturating(other.dataReceivedBytes)
        dataSentBytes = dataSentBytes.addingSaturating(other.dataSentBytes)
        checksPassed = checksPassed.addingSaturating(other.checksPassed)
        checksFailed = checksFailed.addingSaturating(other.checksFailed)
        droppedIterations = droppedIterations.addingSaturating(other.droppedIterations)
        for (kind, count) in other.errors { errors[kind] = (errors[kind] ?? 0).addingSaturating(count) }
    }

    public var totalErrors: UInt64 { errors.values.reduce(0, +) }

    /// Requests that did not fail.
    public var httpReqsNotFailed: UInt64 { httpReqs - Swift.min(httpReqFailed, httpReqs) }

    /// The wire names (docs/PROTOCOL.md, `sample.counters`).
    enum CodingKeys: String, CodingKey {
        case httpReqs = "http_reqs"
        case httpReqFailed = "http_req_failed"
        case iterations
        case dataReceivedBytes = "data_received_bytes"
        case dataSentBytes = "data_sent_bytes"
        case checksPassed = "checks_passed"
        case checksFailed = "checks_failed"
        case droppedIterations = "dropped_iterations"
        case errors
    }
}
