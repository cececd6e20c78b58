import BarrageCore
import BarrageResults
import Foundation
import Synchronization

/// The results folder of a run (``ResultsFolder``): the plan once the run starts, then each closed
/// second appended and synced to disk as it closes, the interval log beside it, and at the end
/// the summary (text and JSON) and the report page. A coordinator killed mid-run leaves every
/// closed second behind; `coord report` rebuilds the summary from them.
public final class JournalSink: OutputSink {
    public let folder: ResultsFolder
    private let journal: AppendedFile
    private let intervalLog: IntervalLogSink
    private let plan: @Sendable (RunStart) -> JournalPlan
    private let warn: @Sendable (String) -> Void
    private let started = Mutex(false)
    /// Notes given before the plan was written; the plan must come first.
    private let earlyNotes = Mutex<[String]>([])

    /// Creates the folder's journal and interval log.
    /// - Parameter plan: builds the plan record from the start of the run.
    /// - Throws: ``OutputError`` when a file cannot be created.
    public init(
        folder: ResultsFolder, plan: @escaping @Sendable (RunStart) -> JournalPlan, warn: @escaping @Sendable (String) -> Void
    ) throws(OutputError) {
        self.folder = folder
        journal = try AppendedFile(path: folder.file(ResultsFolder.journal), warn: warn)
        intervalLog = try IntervalLogSink(path: folder.file(ResultsFolder.intervalLog), warn: warn)
        self.plan = plan
        self.warn = warn
    }

    public func start(_ run: RunStart) {
        started.withLock { $0 = true }
        write(.plan(plan(run)))
        for text in earlyNotes.withLock({ $0 }) { write(.note(JournalNote(text: text))) }
    }

    /// Whether the run started (the folder then holds a journal worth reading).
    public var hasStarted: Bool { started.withLock { $0 } }

    public func record(_ second: SecondRow) {
        write(.second(JournalSecond(
            seq: second.seq, startMicros: second.startMicros, lengthMicros: second.lengthMicros, counters: second.counters,
            activeVUs: second.activeVUs, httpReqDuration: HdrV2Codec.encodeBase64(second.httpReqDuration ?? SparseHistogram()), agents: second.shares)))
        intervalLog.record(second)
    }

    public func recordLate(seq: UInt64, share: JournalAgentSecond) {
        write(.late(JournalLate(seq: seq, agent: share)))
    }

    public func note(_ text: String) {
        guard hasStarted else {
            earlyNotes.withLock { $0.append(text) }
            return
        }
        write(.note(JournalNote(text: text)))
    }

    public func finish(_ run: FinishedRun?) async -> [String] {
        defer { journal.close() }
        _ = await intervalLog.finish(run)
        guard let run else {
            // A run that never started measured nothing: leave no empty folder behind.
            if !hasStarted { try? FileManager.default.removeItem(atPath: folder.path) }
            return []
        }
        write(.end(JournalEnd(run.outcome.report, abortedByThresholds: run.outcome.abortedByThresholds)))
        let failures = folder.writeSummaries(
            run.outcome.report, trendStats: run.trendStats, showPhases: run.showPhases, seconds: run.outcome.timeline)
        for failure in failures { warn(failure) }
        return []
    }

    private func write(_ record: JournalRecord) {
        do {
            journal.append(try JournalCoding.line(record), sync: true)
        } catch {
            warn("journal: \(error)")
        }
    }
}
