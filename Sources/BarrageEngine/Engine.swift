import BarrageCore
import Foundation
import Synchronization

/// The load engine of one machine: `threads` event loops, each on its own OS thread with its share
/// of the VUs. With several scenarios, each scenario has loops of its own (its executor, segment,
/// flow and start time), all driven by this one engine. Safe to call from any thread or task: it
/// only touches the loops' mailboxes.
public final class Engine: Sendable {
    public let spec: RunSpec
    public let threadCount: Int
    /// The data sets' rows, shared by every loop (copy-on-write: one copy in memory).
    private let data: [DataTable]
    private let loops: [EngineLoop]
    private var mailboxes: [LoopMailbox] { loops.map(\.mailbox) }
    /// The scenarios' names, by index, when the spec has several (their metrics are kept apart too).
    private let scenarioNames: [String]?
    private let started = Mutex(false)
    /// The loops' reports since the last ``collect()``, each merged once as it is drained.
    private let gathered: Mutex<Gathered>
    /// What a `stop_test` sample says when each data set runs out (by set index).
    private let stopTestTexts: [String]
    /// Whether the loops hand out their first VU's extracted values at the end (setup/teardown).
    private let capturesValues: Bool

    /// The reports drained so far and what they told.
    private struct Gathered {
        var interval = EngineInterval()
        /// Each loop's last reported (active, allocated) VUs: a collect that finds no new report
        /// from a loop must still count that loop's VUs, or the gauge would dip whenever polls and
        /// ticks interleave.
        var latestVUs: [(active: Int, allocated: Int)]
        var startedAtWallMicros: Int64?
        var finished = false
        /// A loop asked for the whole test to stop (a data set ran out with `stopTest`).
        var stopTestSeen = false
    }

    /// Validates the spec and prepares the loops; no thread starts and no request is sent yet.
    /// - Throws: ``EngineError`` for an unusable URL or a failed system call.
    /// - Parameters:
    ///   - data: the rows of each of `spec.session.data`'s sets, in order (this agent's slices).
    ///   - connectPolicy: the agent's allow-list for every connection; nil allows any.
    ///   - capturesValues: hand out what the VU extracted when the run ends
    ///     (``EngineInterval/values``): a setup or teardown, one VU's one iteration.
    public init(spec: RunSpec, data: [DataTable] = [], connectPolicy: ConnectPolicy? = nil, capturesValues: Bool = false) throws(EngineError) {
        self.capturesValues = capturesValues
        do { _ = try TargetURL(spec.url) } catch { throw .invalidURL(spec.url) }
        let parts: [RunSpec]
        do {
            parts = try spec.scenarios.map { scenarios throws(SpecError) in try scenarios.map { scenario throws(SpecError) in try spec.running(scenario) } } ?? [spec]
        } catch {
            throw .badSession(error.description)
        }
        // Templates and extractions are compiled again by each loop; a bad one is refused here,
        // before any thread starts.
        for part in parts {
            _ = try VUProgram(spec: part, schedule: LoopSchedule(plan: part.executorPlan, loopIndex: 0, loopCount: 1), data: data)
        }
        self.data = data
        self.spec = spec
        scenarioNames = spec.scenarios?.map(\.name)
        let starts = spec.scenarios?.map(\.startTimeMicros) ?? [0]
        loops = try EngineLoop.plan(parts, startOffsets: starts, threads: spec.threads, connectPolicy: connectPolicy)
        threadCount = loops.count
        gathered = Mutex(Gathered(latestVUs: Array(repeating: (0, 0), count: loops.count)))
        stopTestTexts = (spec.session?.data ?? []).map(Self.stopTestText)
    }

    /// The `stop_test` text when `set` runs out. Names are the coordinator's (escaped, cut), so
    /// the text stays within what the coordinator accepts.
    static func stopTestText(_ set: DataSetSpec) -> String {
        let text = "data set '\(PeerText.escape(set.name, limit: 80))' ran out (onExhausted: stopTest)"
        return text.utf8.count <= SampleCheck.Limits.maxStopTestBytes ? text : "a data set ran out (onExhausted: stopTest)"
    }

    /// Starts the loops; their VUs begin `delayMicros` from now (a synchronized start instant).
    ///
    /// Each loop's handles are created on its own thread, so they never cross threads.
    public func start(delayMicros: Int64 = 0) {
        let first = started.withLock { started in
            defer { started = true }
            return !started
        }
        guard first else { return }
        let startAt = MonotonicClock.nowMicros() + max(delayMicros, 0)
        let capturesValues = self.capturesValues
        for (index, part) in loops.enumerated() {
            let data = self.data
            let thread = Thread {
                do {
                    let loop = try EventLoop(
                        spec: part.spec, data: data, loopIndex: part.index, loopCount: part.count,
                        seed: UInt64(index + 1) &* 0x9E37_79B9, mailbox: part.mailbox, capturesValues: capturesValues)
                    loop.run(startMonotonicMicros: startAt.addingSaturating(part.startOffsetMicros))
                } catch {
                    part.mailbox.post(LoopReport(metrics: MetricsSnapshot(), activeVUs: 0, maxLagMicros: 0, startedAtWallMicros: nil, finished: true))
                }
            }
            thread.name = "barrage-loop-\(index)"
            thread.start()
        }
    }

    /// Stops starting iterations; what is in flight may finish within `gracefulMicros`.
    public func stop(gracefulMicros: Int64) {
        let deadline = MonotonicClock.nowMicros() + max(gracefulMicros, 0)
        for mailbox in mailboxes { mailbox.send(.stop(deadlineMicros: deadline)) }
    }

    /// Drains the loops' reports into the interval the next ``collect()`` hands out, and tells
    /// whether the loops started and finished. Cheap enough to call every few milliseconds: each
    /// report is merged once, here or in `collect`, never again.
    public func poll() -> EngineProgress {
        let (progress, stopNow) = gathered.withLock { gathered in
            let stopNow = drain(into: &gathered)
            return (EngineProgress(startedAtWallMicros: gathered.startedAtWallMicros, finished: gathered.finished), stopNow)
        }
        if stopNow { stop(gracefulMicros: spec.gracefulStopMicros) }
        return progress
    }

    /// Everything the loops reported since the last call, merged once; the VU gauges are each
    /// loop's latest report, whenever it came.
    public func collect() -> EngineInterval {
        let (interval, stopNow) = gathered.withLock { gathered in
            let stopNow = drain(into: &gathered)
            var interval = gathered.interval
            gathered.interval = EngineInterval()
            interval.activeVUs = gathered.latestVUs.reduce(0) { $0 + $1.active }
            interval.allocatedVUs = gathered.latestVUs.reduce(0) { $0 + $1.allocated }
            interval.startedAtWallMicros = gathered.startedAtWallMicros
            interval.finished = gathered.finished
            return (interval, stopNow)
        }
        if stopNow { stop(gracefulMicros: spec.gracefulStopMicros) }
        return interval
    }

    /// Merges every mailbox's new reports into `gathered`.
    /// - Returns: whether a loop asked for the test to stop for the first time (the caller stops
    ///   every loop, outside the lock).
    private func drain(into gathered: inout Gathered) -> Bool {
        var finishedLoops = 0
        var stopTestSet: Int?
        for (index, mailbox) in mailboxes.enumerated() {
            let (reports, finished) = mailbox.drain()
            if finished { finishedLoops += 1 }
            for report in reports {
                gathered.interval.metrics.merge(report.metrics)
                if let scenarioNames {
                    gathered.interval.metrics.scenarios[scenarioNames[loops[index].scenario], default: MetricsSnapshot()]
                        .merge(report.metrics.scenarioPart)
                }
                gathered.interval.maxLagMicros = max(gathered.interval.maxLagMicros, report.maxLagMicros)
                gathered.interval.cookiesDropped = gathered.interval.cookiesDropped.addingSaturating(report.cookiesDropped)
                if stopTestSet == nil { stopTestSet = report.stopTestSet }
                if let values = report.values { gathered.interval.values = values }
                gathered.latestVUs[index] = (report.activeVUs, report.allocatedVUs)
                if let start = report.startedAtWallMicros {
                    gathered.startedAtWallMicros = min(gathered.startedAtWallMicros ?? .max, start)
                }
            }
        }
        gathered.finished = finishedLoops == mailboxes.count
        guard let stopTestSet, !gathered.stopTestSeen else { return false }
        gathered.stopTestSeen = true
        gathered.interval.stopTest = stopTestTexts.indices.contains(stopTestSet)
            ? stopTestTexts[stopTestSet] : "a data set ran out (onExhausted: stopTest)"
        return true
    }
}
