import BarrageCore
import Foundation
import Synchronization

/// The load engine of one machine: `threads` event loops, each on its own OS thread with its share
/// of the VUs. Safe to call from any thread or task: it only touches the loops' mailboxes.
public final class Engine: Sendable {
    public let spec: RunSpec
    public let threadCount: Int
    /// The data sets' rows, shared by every loop (copy-on-write: one copy in memory).
    private let data: [DataTable]
    private let mailboxes: [LoopMailbox]
    private let started = Mutex(false)
    /// Set once a loop asked for the whole test to stop (a data set ran out with `stopTest`).
    private let stopTestSeen = Mutex(false)
    /// Each loop's last reported (active, allocated) VUs: a collect that finds no new report from a
    /// loop must still count that loop's VUs, or the gauge would dip whenever polls and ticks interleave.
    private let latestVUs: Mutex<[(active: Int, allocated: Int)]>

    /// Validates the spec and prepares the loops; no thread starts and no request is sent yet.
    /// - Throws: ``EngineError`` for an unusable URL or a failed system call.
    /// - Parameters:
    ///   - data: the rows of each of `spec.session.data`'s sets, in order (this agent's slices).
    ///   - connectPolicy: the agent's allow-list for every connection; nil allows any.
    public init(spec: RunSpec, data: [DataTable] = [], connectPolicy: ConnectPolicy? = nil) throws(EngineError) {
        do { _ = try TargetURL(spec.url) } catch { throw .invalidURL(spec.url) }
        // Templates and extractions are compiled again by each loop; a bad one is refused here,
        // before any thread starts.
        _ = try VUProgram(spec: spec, schedule: LoopSchedule(plan: spec.executorPlan, loopIndex: 0, loopCount: 1), data: data)
        self.data = data
        self.spec = spec
        // Never more loops than cores or VUs, whatever the spec asks: each loop costs a thread and
        // descriptors, and a peer must not be able to exhaust them (more loops than cores only
        // adds contention).
        let cores = max(ProcessInfo.processInfo.activeProcessorCount, 1)
        let threads = max(1, min(spec.threads > 0 ? spec.threads : cores, cores, max(spec.executorPlan.maxVUs, 1)))
        threadCount = threads
        var mailboxes: [LoopMailbox] = []
        for _ in 0..<threads { mailboxes.append(LoopMailbox(waker: try Waker.make(), connectPolicy: connectPolicy)) }
        self.mailboxes = mailboxes
        latestVUs = Mutex(Array(repeating: (0, 0), count: threads))
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
        for (index, mailbox) in mailboxes.enumerated() {
            let spec = self.spec
            let data = self.data
            let loopCount = mailboxes.count
            let thread = Thread {
                do {
                    let loop = try EventLoop(
                        spec: spec, data: data, loopIndex: index, loopCount: loopCount, seed: UInt64(index + 1) &* 0x9E37_79B9, mailbox: mailbox)
                    loop.run(startMonotonicMicros: startAt)
                } catch {
                    mailbox.post(LoopReport(metrics: MetricsSnapshot(), activeVUs: 0, maxLagMicros: 0, startedAtWallMicros: nil, finished: true))
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

    /// Everything the loops reported since the last call, merged; the VU gauges are each loop's
    /// latest report, whenever it came.
    public func collect() -> EngineInterval {
        var interval = EngineInterval()
        var finishedLoops = 0
        var stopTest = false
        latestVUs.withLock { latest in
            for (index, mailbox) in mailboxes.enumerated() {
                let (reports, finished) = mailbox.drain()
                if finished { finishedLoops += 1 }
                for report in reports {
                    interval.metrics.merge(report.metrics)
                    interval.maxLagMicros = max(interval.maxLagMicros, report.maxLagMicros)
                    if report.stopTest { stopTest = true }
                    latest[index] = (report.activeVUs, report.allocatedVUs)
                    if let start = report.startedAtWallMicros {
                        interval.startedAtWallMicros = min(interval.startedAtWallMicros ?? .max, start)
                    }
                }
                interval.activeVUs += latest[index].active
                interval.allocatedVUs += latest[index].allocated
            }
        }
        interval.finished = finishedLoops == mailboxes.count
        if stopTest, stopTestSeen.withLock({ seen in defer { seen = true }; return !seen }) {
            stop(gracefulMicros: spec.gracefulStopMicros)
        }
        return interval
    }
}

/// The merged reports of all loops for one collection interval.
public struct EngineInterval: Sendable {
    /// Histograms appear as loops report them: an empty interval allocates none (it is made
    /// every few milliseconds by pollers).
    public var metrics = MetricsSnapshot()
    public var activeVUs = 0
    /// VUs allocated at the end of the interval, over all loops (0 when no loop reported).
    public var allocatedVUs = 0
    public var maxLagMicros: Int64 = 0
    public var startedAtWallMicros: Int64?
    /// Every loop has finished: the run is over on this machine.
    public var finished = false

    public init() {}
}
