import BarrageCore

/// The coordinator's view of one agent during a run: where it is in the protocol and what it
/// has measured so far.
struct AgentRunState {
    enum Phase: Equatable {
        case connecting, connected, preparing, ready, running, done, lost, failed
    }

    /// Renamed once, when every agent has said hello (``RunMachine/adoptAgentNames()``).
    var endpoint: AgentEndpoint
    var phase: Phase = .connecting
    var hello: Message.Hello?
    var clock: ClockOffsetEstimator.Estimate?
    var vus = 0
    var lastHeardMicros: Int64 = 0
    /// When the agent actually started, in the coordinator's clock.
    var startedAtMicros: Int64?
    /// This agent's counters, checks and http_req_duration so far, kept sparse: a dense histogram
    /// per agent would be ~190 KB each, 190 MB at 1000 agents.
    private var totalCounters = Counters()
    private var totalChecks: [String: CheckTally] = [:]
    private var totalDurations: SparseHistogram?
    var latest: Message.Sample?
    var samples = 0
    var cpuPercentSum = 0.0
    var lostAtMicros: Int64?
    var lossDetail: String?
    /// Validates this agent's samples (set when the run is prepared).
    var sampleCheck: SampleCheck?

    init(endpoint: AgentEndpoint) {
        self.endpoint = endpoint
    }

    var isFinished: Bool { phase == .done || phase == .lost || phase == .failed }

    /// Adds a sample's counters and http_req_duration to this agent's totals (all the per-agent
    /// table and export show), decoding the sample once for the caller's merges too.
    /// - Throws: ``HdrCodecError`` when a histogram does not decode.
    mutating func absorb(_ sample: Message.Sample) throws(HdrCodecError) -> SparseSample {
        let interval = try SparseSample(sample)
        totalCounters.add(interval.counters)
        for (name, tally) in interval.checks { totalChecks[name, default: CheckTally()].add(tally) }
        if let durations = interval.trends[.httpReqDuration] {
            totalDurations = totalDurations ?? SparseHistogram()
            totalDurations?.add(durations)
        }
        latest = sample
        samples += 1
        cpuPercentSum += sample.processCPUPercent
        return interval
    }

    /// This agent's totals as the per-agent table and export read them: counters, checks and
    /// http_req_duration (the one dense histogram is made here, when the report asks).
    var totals: MetricsSnapshot {
        MetricsSnapshot(
            counters: totalCounters, trends: totalDurations.map { [.httpReqDuration: $0.dense] } ?? [:], checks: totalChecks)
    }

    var averageCPUPercent: Double? { samples > 0 ? cpuPercentSum / Double(samples) : nil }
}
