import BarrageCore

/// Bounds no real run comes near: a journal is untrusted input (a damaged or forged file), so
/// every number in it is checked like a wire field before any arithmetic, and what a file can
/// make `coord report` or `coord compare` allocate is capped.
public enum JournalLimits {
    /// Any count in one agent's second: requests, checks, histogram values (2^34 ≈ 1.7 * 10^10).
    /// Times the seconds a run may have (``maxSeconds(_:)``, below 2^25) it stays below 2^59.
    static let maxCount: UInt64 = 1 << 34
    /// Bytes in one agent's second (2^44 ≈ 17 TB).
    static let maxBytes: UInt64 = 1 << 44
    /// VUs on one agent.
    static let maxVUs = 1 << 30
    /// Agents in one run.
    static let maxAgents = 10_000
    /// An instant, µs since the epoch, either side of 1970 (2^60 µs ≈ 36,000 years).
    static let maxAbsMicros: Int64 = 1 << 60
    /// How far before the plan's start instant a second may begin (the clocks' slack).
    static let startSlackMicros: Int64 = 60_000_000
    /// One line of a journal. A second's line holds each agent's share, and a share is at most
    /// one wire frame (4 MiB); real lines are a few KiB.
    public static let maxLineBytes = 32 << 20
    /// Distinct name/method/status series kept, as the coordinator keeps during the run; the
    /// rest count in the totals only.
    public static let maxSeries = 256
    /// A name (agent, series, check, metric), in bytes: the spec's own limit is 256.
    public static let maxNameBytes = 1_024
    /// A note's text, in bytes, and the notes kept.
    static let maxNoteBytes = 4_096
    static let maxNotes = 1_000
    /// Seconds a run can close: its duration and graceful stop, plus a minute of slack.
    static func maxSeconds(_ spec: RunSpec) -> UInt64 {
        UInt64(max(spec.durationMicros, 0) / 1_000_000 + max(spec.gracefulStopMicros, 0) / 1_000_000 + 60)
    }

    /// Whether `value` lies in `-maxAbsMicros...maxAbsMicros` (no `abs`: `abs(Int64.min)` traps).
    static func isInstant(_ value: Int64) -> Bool {
        (-maxAbsMicros...maxAbsMicros).contains(value)
    }

    static func problem(_ counters: Counters, _ what: String) -> String? {
        let counts = [
            counters.httpReqs, counters.httpReqFailed, counters.iterations, counters.checksPassed, counters.checksFailed,
            counters.droppedIterations,
        ] + Array(counters.errors.values)
        guard !counts.contains(where: { $0 > maxCount }), counters.dataReceivedBytes <= maxBytes, counters.dataSentBytes <= maxBytes else {
            return "implausible counters in \(what) (above \(maxCount) requests or \(maxBytes) bytes)"
        }
        return nil
    }

    static func nameProblem(_ name: String, _ what: String) -> String? {
        name.utf8.count <= maxNameBytes ? nil : "\(what) is \(name.utf8.count) bytes long, at most \(maxNameBytes) are read"
    }
}

extension JournalSecond {
    /// What is out of bounds in the second, or nil.
    /// - Parameter maxSeq: the last second the plan allows.
    func implausibility(maxSeq: UInt64) -> String? {
        guard seq <= maxSeq else { return "second \(seq) is past the plan's duration (at most \(maxSeq) seconds)" }
        guard JournalLimits.isInstant(startMicros), (0...Int64(JournalLimits.maxCount)).contains(lengthMicros) else {
            return "implausible start or length of second \(seq)"
        }
        guard (0...JournalLimits.maxVUs * 1024).contains(activeVUs) else { return "implausible VUs in second \(seq)" }
        guard agents.count <= JournalLimits.maxAgents else { return "\(agents.count) agents' shares in second \(seq)" }
        return JournalLimits.problem(counters, "second \(seq)") ?? agents.lazy.compactMap { $0.implausibility() }.first
    }
}

extension JournalAgentSecond {
    /// What is out of bounds in the share, or nil.
    func implausibility() -> String? {
        if let problem = JournalLimits.nameProblem(name, "an agent's name") { return problem }
        let what = "agent \(PeerText.escape(name, limit: 80))'s share"
        guard (0...JournalLimits.maxVUs).contains(activeVUs), (0...JournalLimits.maxVUs).contains(vusMax ?? 0) else {
            return "implausible VUs in \(what)"
        }
        guard (0...Int64(JournalLimits.maxCount)).contains(lengthMicros), netRxBytes <= JournalLimits.maxBytes,
              netTxBytes <= JournalLimits.maxBytes, processCPUPercent.isFinite, hostCPUPercent.isFinite else {
            return "implausible length, network or CPU in \(what)"
        }
        if let problem = JournalLimits.problem(counters, what) { return problem }
        let series = series ?? []
        let checks = checks ?? [:]
        guard series.count <= SampleCheck.Limits.maxSeriesPerSample, checks.count <= SampleCheck.Limits.maxChecksPerSample,
              histograms.count <= TrendMetric.allCases.count else {
            return "\(what) has \(series.count) series, \(checks.count) checks and \(histograms.count) histograms "
                + "(at most \(SampleCheck.Limits.maxSeriesPerSample), \(SampleCheck.Limits.maxChecksPerSample) and \(TrendMetric.allCases.count))"
        }
        for entry in series {
            if let problem = JournalLimits.nameProblem(entry.name, "a series name in \(what)") { return problem }
            if let problem = JournalLimits.problem(entry.counters, what + " series \(PeerText.escape(entry.name, limit: 80))") { return problem }
        }
        for (name, tally) in checks {
            if let problem = JournalLimits.nameProblem(name, "a check name in \(what)") { return problem }
            if tally.passes > JournalLimits.maxCount || tally.fails > JournalLimits.maxCount { return "implausible checks in \(what)" }
        }
        return nil
    }

    /// The histograms' counts are bounded too, once decoded.
    static func implausibility(_ snapshot: MetricsSnapshot, name: String) -> String? {
        let histograms = Array(snapshot.trends.values) + snapshot.series.values.flatMap { Array($0.trends.values) }
        return histograms.contains { $0.totalCount > JournalLimits.maxCount }
            ? "implausible histogram counts in agent \(PeerText.escape(name, limit: 80))'s share" : nil
    }
}
