import BarrageCore

/// Bounds no real second comes near: a journal is untrusted input, and a value past them (a
/// damaged or forged file) is refused before a sum could overflow and trap.
enum JournalLimits {
    /// Any count in one agent's second: requests, bytes, histogram values (2^40 ≈ 10^12).
    static let maxCount: UInt64 = 1 << 40
    /// VUs on one agent.
    static let maxVUs = 1 << 30
    /// A second's start, µs since the epoch, either side of 1970 (2^60 µs ≈ 36,000 years).
    static let maxAbsMicros: Int64 = 1 << 60

    static func problem(_ counters: Counters, _ what: String) -> String? {
        let values = [
            counters.httpReqs, counters.httpReqFailed, counters.iterations, counters.dataReceivedBytes, counters.dataSentBytes,
            counters.checksPassed, counters.checksFailed, counters.droppedIterations,
        ] + Array(counters.errors.values)
        return values.contains { $0 > maxCount } ? "implausible counters in \(what) (above \(maxCount))" : nil
    }
}

extension JournalSecond {
    /// What is out of bounds in the second, or nil.
    func implausibility() -> String? {
        guard abs(startMicros) < JournalLimits.maxAbsMicros, (0...Int64(JournalLimits.maxCount)).contains(lengthMicros) else {
            return "implausible start or length of second \(seq)"
        }
        guard (0...JournalLimits.maxVUs * 1024).contains(activeVUs) else { return "implausible VUs in second \(seq)" }
        return JournalLimits.problem(counters, "second \(seq)") ?? agents.lazy.compactMap { $0.implausibility() }.first
    }
}

extension JournalAgentSecond {
    /// What is out of bounds in the share, or nil.
    func implausibility() -> String? {
        let what = "agent \(name)'s share"
        guard (0...JournalLimits.maxVUs).contains(activeVUs), (0...JournalLimits.maxVUs).contains(vusMax ?? 0) else {
            return "implausible VUs in \(what)"
        }
        guard (0...Int64(JournalLimits.maxCount)).contains(lengthMicros), netRxBytes <= JournalLimits.maxCount << 10,
              netTxBytes <= JournalLimits.maxCount << 10, processCPUPercent.isFinite, hostCPUPercent.isFinite else {
            return "implausible length, network or CPU in \(what)"
        }
        if let problem = JournalLimits.problem(counters, what) { return problem }
        for entry in series ?? [] {
            if let problem = JournalLimits.problem(entry.counters, what + " series \(entry.name)") { return problem }
        }
        let tallies = (checks ?? [:]).values
        return tallies.contains { $0.passes > JournalLimits.maxCount || $0.fails > JournalLimits.maxCount } ? "implausible checks in \(what)" : nil
    }

    /// The histograms' counts are bounded too, once decoded.
    static func implausibility(_ snapshot: MetricsSnapshot, name: String) -> String? {
        let histograms = Array(snapshot.trends.values) + snapshot.series.values.flatMap { Array($0.trends.values) }
        return histograms.contains { $0.totalCount > JournalLimits.maxCount } ? "implausible histogram counts in agent \(name)'s share" : nil
    }
}
