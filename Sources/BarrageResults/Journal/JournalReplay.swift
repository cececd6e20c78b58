import BarrageCore
import Histogram

/// Rebuilds a run's ``RunReport`` from its journal records, exactly as the coordinator built it:
/// the same samples merged (merging HdrHistograms is exact and order-free), the same per-agent
/// totals, and, for a finished run, the facts of its `end` record. A journal without `end` is
/// partial: its report covers the seconds recorded and says where the coordinator stopped.
///
/// Pure: records in, report out.
public enum JournalReplay {
    /// - Parameters:
    ///   - decoded: the journal's records (line `n` is record `n - 1`).
    ///   - file: the name errors carry.
    /// - Throws: ``JournalError`` naming the line: no plan first, a later format version, a record
    ///   out of place, a number out of range, a histogram that does not decode, a threshold or
    ///   trend stat that does not parse.
    public static func replay(_ decoded: JournalCoding.Decoded, file: String) throws(JournalError) -> ReplayedRun {
        var builder = Builder(file: file)
        for (index, record) in decoded.records.enumerated() {
            try builder.add(record, line: index + 1)
        }
        return try builder.finish()
    }

    /// Replays records one at a time, as they are read, so that a journal is never held whole:
    /// what it keeps grows with the run's seconds, not with the file.
    public struct Builder {
        let file: String
        var plan: JournalPlan?
        var tally = Tally(agents: [])
        var maxSeq: UInt64 = 0
        var seconds: [SecondRow] = []
        /// Late shares: at most one per agent per second, so that merged counts stay bounded.
        var lateShares: UInt64 = 0
        var end: JournalEnd?
        var notes: [String] = []

        /// - Parameter file: the name errors carry.
        public init(file: String) {
            self.file = file
        }

        /// Adds the record of line `line` (1-based).
        /// - Throws: ``JournalError`` naming the line.
        public mutating func add(_ record: JournalRecord, line: Int) throws(JournalError) {
            guard let plan else {
                guard case .plan(let plan) = record else { throw JournalError(file: file, line: line, detail: "the first record must be the plan") }
                guard (1...JournalPlan.currentVersion).contains(plan.version) else {
                    throw JournalError(file: file, line: line, detail: "journal version \(plan.version) is not one this coord reads (1...\(JournalPlan.currentVersion))")
                }
                if let problem = plan.implausibility() { throw JournalError(file: file, line: line, detail: problem) }
                self.plan = plan
                tally = Tally(agents: plan.agents.map(\.name))
                maxSeq = JournalLimits.maxSeconds(plan.spec)
                return
            }
            guard end == nil else { throw JournalError(file: file, line: line, detail: "a \(record.kind) record after the end record") }
            do {
                switch record {
                case .plan: throw JournalError(file: file, line: line, detail: "a second plan record")
                case .second(let second):
                    if let problem = second.implausibility(maxSeq: maxSeq) { throw JournalError(file: file, line: line, detail: problem) }
                    guard seconds.count < maxSeq, second.startMicros >= plan.startMicros - JournalLimits.startSlackMicros else {
                        throw JournalError(file: file, line: line, detail: "second \(second.seq) starts before the run, or is one more than the plan's duration allows (\(maxSeq))")
                    }
                    seconds.append(try tally.add(second, file: file, line: line))
                case .late(let late):
                    if let problem = late.agent.implausibility() { throw JournalError(file: file, line: line, detail: problem) }
                    lateShares += 1
                    guard late.seq <= maxSeq, lateShares <= maxSeq * UInt64(max(plan.agents.count, 1)) else {
                        throw JournalError(file: file, line: line, detail: "late share of second \(late.seq) is past the plan's duration, or one too many")
                    }
                    _ = try tally.add(late.agent, seq: late.seq, file: file, line: line)
                case .note(let note):
                    if let problem = note.implausibility() { throw JournalError(file: file, line: line, detail: problem) }
                    guard notes.count < JournalLimits.maxNotes else { throw JournalError(file: file, line: line, detail: "more than \(JournalLimits.maxNotes) notes") }
                    notes.append(note.text)
                case .end(let record):
                    if let problem = record.implausibility() { throw JournalError(file: file, line: line, detail: problem) }
                    end = record
                }
            } catch let error as JournalError {
                throw error
            } catch {
                throw JournalError(file: file, line: line, detail: "a histogram does not decode: \(error)")
            }
        }

        /// The run the records make.
        /// - Throws: ``JournalError``: no plan, or a threshold or trend stat that does not parse.
        public func finish() throws(JournalError) -> ReplayedRun {
            guard let plan else { throw JournalError(file: file, line: 1, detail: "the journal is empty (the run never started)") }
            let thresholds = try parseThresholds(plan, file: file)
            let trendStats = try parseTrendStats(plan, file: file)
            var report = tally.report(plan: plan, end: end, lastSecond: seconds.last, notes: notes)
            if tally.droppedSeries { report.notes.append(JournalReplay.seriesCapNote) }
            report.name(from: plan.spec)
            report.evaluate(thresholds)
            return ReplayedRun(
                plan: plan, report: report, thresholds: thresholds, trendStats: trendStats, seconds: seconds,
                partial: end == nil, abortedByThresholds: end?.abortedByThresholds ?? false)
        }
    }

    /// The note of a journal holding more series than are kept.
    static let seriesCapNote =
        "the journal holds more than \(JournalLimits.maxSeries) distinct name/method/status series; the rest are counted in the totals only"

    /// The note a partial summary carries: `partial: the coordinator stopped at 12 s of 3m`.
    public static func partialNote(recordedMicros: Int64, plannedMicros: Int64) -> String {
        "partial: the coordinator stopped at \(max(recordedMicros, 0) / 1_000_000) s of \(DurationFormatter.format(.microseconds(plannedMicros)))"
    }

    static func parseThresholds(_ plan: JournalPlan, file: String) throws(JournalError) -> [Threshold] {
        var thresholds: [Threshold] = []
        for source in plan.thresholds {
            do {
                thresholds.append(try Threshold.parse(
                    metric: source.metric, expressions: source.expressions, abortOnFail: source.abortOnFail,
                    delayAbortEvalMicros: source.delayAbortEvalMicros))
            } catch {
                throw JournalError(file: file, line: 1, detail: "threshold \(source.metric): \(error)")
            }
        }
        return thresholds
    }

    static func parseTrendStats(_ plan: JournalPlan, file: String) throws(JournalError) -> [TrendStat] {
        var stats: [TrendStat] = []
        for text in plan.trendStats {
            do { stats.append(try TrendStat.parse(text)) } catch {
                throw JournalError(file: file, line: 1, detail: "trend stat: \(error)")
            }
        }
        return stats
    }

    /// What the coordinator's run driver accumulates, rebuilt from the records.
    struct Tally {
        var merged = MetricsSnapshot()
        var agentTotals: [String: MetricsSnapshot] = [:]
        var cpuSums: [String: (sum: Double, count: Int)] = [:]
        var activeBySeq: [UInt64: Int] = [:]
        var allocatedBySeq: [UInt64: Int] = [:]
        /// The series kept (the first ``JournalLimits/maxSeries`` seen), and whether any was dropped.
        var seriesKeys: Set<SeriesKey> = []
        var droppedSeries = false
        let agents: [String]

        init(agents: [String]) {
            self.agents = agents
        }

        /// Adds one agent's share; returns its decoded snapshot (with series).
        mutating func add(_ share: JournalAgentSecond, seq: UInt64, file: String, line: Int) throws -> MetricsSnapshot {
            var share = share
            if let series = share.series { share.series = keepSeries(series) }
            let snapshot = try share.snapshot()
            if let problem = JournalAgentSecond.implausibility(snapshot, name: share.name) {
                throw JournalError(file: file, line: line, detail: problem)
            }
            merged.merge(snapshot)
            var forTotals = snapshot
            forTotals.series = [:]
            agentTotals[share.name, default: MetricsSnapshot()].merge(forTotals)
            cpuSums[share.name, default: (0, 0)].sum += share.processCPUPercent
            cpuSums[share.name, default: (0, 0)].count += 1
            activeBySeq[seq] = (activeBySeq[seq] ?? 0).addingSaturating(share.activeVUs)
            if let allocated = share.vusMax { allocatedBySeq[seq] = (allocatedBySeq[seq] ?? 0).addingSaturating(allocated) }
            return snapshot
        }

        /// The entries of series already kept, or new while there is room: the others are not
        /// decoded at all (their requests count in the share's own counters).
        mutating func keepSeries(_ series: [SeriesSample]) -> [SeriesSample] {
            series.filter { entry in
                let key = SeriesKey(name: entry.name, method: entry.method, status: entry.status)
                if seriesKeys.contains(key) { return true }
                guard seriesKeys.count < JournalLimits.maxSeries else {
                    droppedSeries = true
                    return false
                }
                seriesKeys.insert(key)
                return true
            }
        }

        /// Adds a closed second; returns its row.
        mutating func add(_ second: JournalSecond, file: String, line: Int) throws -> SecondRow {
            var series = MetricsSnapshot()
            for share in second.agents {
                series.merge(MetricsSnapshot(series: try add(share, seq: second.seq, file: file, line: line).series))
            }
            var row = SecondRow(
                startMicros: second.startMicros, lengthMicros: second.lengthMicros, counters: second.counters,
                activeVUs: second.activeVUs, latency: LatencySummary(try HdrV2Codec.decode(base64: second.httpReqDuration)),
                agents: second.agents.map(\.agentSecond))
            row.series = series.series.keys.sorted().compactMap { key in
                series.series[key].map { SeriesSecond(key: key, counters: $0.counters, latency: LatencySummary($0.histogram(.httpReqDuration))) }
            }
            return row
        }

        /// - Parameter notes: the warnings recorded; a finished run's end record has them all.
        func report(plan: JournalPlan, end: JournalEnd?, lastSecond: SecondRow?, notes: [String]) -> RunReport {
            let seqs = activeBySeq.keys.sorted()
            let steadyActive = seqs.dropLast().map { activeBySeq[$0] ?? 0 }
            let recordedMicros = (lastSecond.map { $0.startMicros + $0.lengthMicros } ?? plan.startMicros) - plan.startMicros
            let agentReports = plan.agents.map { agent in
                let ending = end?.agents.first { $0.name == agent.name }
                let cpu = cpuSums[agent.name].map { $0.count > 0 ? $0.sum / Double($0.count) : 0 }
                return AgentReport(
                    name: agent.name, address: agent.address, vus: agent.vus, metrics: agentTotals[agent.name] ?? MetricsSnapshot(),
                    cpuPercent: end == nil ? cpu : ending?.cpuPercent, lost: ending?.lost ?? false, lostAtMicros: ending?.lostAtMicros)
            }
            var report = RunReport(
                metrics: merged, elapsedMicros: end?.elapsedMicros ?? max(recordedMicros, 1),
                plannedDurationMicros: plan.spec.durationMicros, vus: end?.vus ?? plan.spec.vus,
                vusMin: end?.vusMin ?? steadyActive.min() ?? 0, vusMax: end?.vusMax ?? max(activeBySeq.values.max() ?? 0, 0),
                url: URLRedaction.redact(plan.spec.url), agents: agentReports, startSkewMicros: end?.startSkewMicros,
                maxClockOffsetMicros: end?.maxClockOffsetMicros, interrupted: end?.interrupted ?? false,
                notes: end?.notes ?? notes + [JournalReplay.partialNote(recordedMicros: recordedMicros, plannedMicros: plan.spec.durationMicros)])
            report.plannedVUs = plan.spec.vus
            report.vusAllocated = end.map(\.vusAllocated) ?? allocatedBySeq.values.max()
            return report
        }
    }
}
