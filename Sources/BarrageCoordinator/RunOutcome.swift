import BarrageCore
import Histogram

/// The result of a coordinated run: the report to render, and the merged per-second timeline.
public struct RunOutcome: Sendable {
    public var report: RunReport
    /// Merged http_req_duration per sample second, in order, with each interval's start
    /// (µs since the epoch, coordinator clock) and length.
    public var timeline: [TimelineInterval]
    /// An `abortOnFail` threshold stopped the run early.
    public var abortedByThresholds = false
}

/// One second of the merged run.
public struct TimelineInterval: Sendable {
    public var seq: UInt64
    public var startMicros: Int64
    public var lengthMicros: Int64
    public var counters: Counters
    /// The merged http_req_duration as base64 HdrHistogram V2: a run of hours keeps a few kB a second.
    public var httpReqDurationBase64: String
    /// The statistics of that histogram, for outputs that show the second (no decode per second).
    public var latency = LatencySummary(count: 0, minMillis: 0, avgMillis: 0, p50Millis: 0, p90Millis: 0, p95Millis: 0, p99Millis: 0, maxMillis: 0)
    /// VUs running at the end of the second, summed over the agents that reported it.
    public var activeVUs: Int = 0
    /// Each agent's share of the second, in the order the agents were given.
    public var agents: [AgentSecond] = []
    /// The second's requests per `name`/`method`/`status`, in key order.
    public var series: [SeriesSecond] = []
    /// Each agent's sample of the second, lossless, in the order the agents were given: what the
    /// journal keeps. Handed to the outputs once, then dropped (the timeline stays small).
    public var shares: [JournalAgentSecond] = []
}
