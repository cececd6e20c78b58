import BarrageCore

/// What an event loop hands out once a second, the only data that leaves its thread.
public struct LoopReport: Sendable {
    public var metrics: MetricsSnapshot
    /// VUs in an iteration (requesting or thinking) at the end of the interval.
    public var activeVUs: Int
    /// The latest any VU was woken after its think time ended, in this interval: event-loop lag.
    public var maxLagMicros: Int64
    /// Wall-clock instant the loop started its VUs, once it has.
    public var startedAtWallMicros: Int64?
    public var finished: Bool
    /// VUs the loop has allocated (k6's `vus_max`): arrival-rate executors add them as needed.
    public var allocatedVUs = 0
    /// The data set (index into the session's sets) that ran out with `onExhausted: stopTest`:
    /// every loop of the engine stops.
    public var stopTestSet: Int?
    /// The first VU's extracted values, in a loop's last report when it runs a setup or teardown.
    public var values: [String: String]?
    /// Cookies dropped from VUs' jars over their bounds (``CookieJarLimit``) in the interval.
    public var cookiesDropped: UInt64 = 0
}
