import NIOCore

/// A task executor (SE-0417) that runs jobs on one NIO event loop.
///
/// Why: a run's connections, its event stream and its state machine all live on one loop, so a
/// frame read from an agent resumes the run on the thread that read it. Without a preference every
/// frame woke a thread of Swift's pool (a futex and a continuation), and every message sent back
/// woke the loop again: at 50 agents those wake-ups were about a tenth of the coordinator's CPU.
/// Child tasks inherit the preference; unstructured `Task {}`s (the outputs' writers) do not.
public final class EventLoopTaskExecutor: TaskExecutor {
    public let eventLoop: any EventLoop

    public init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // Called on the loop itself this only queues the job; from elsewhere it wakes the loop.
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

extension EventLoopTaskExecutor {
    /// An executor on the next loop of the group connections use by default.
    public static func next() -> EventLoopTaskExecutor {
        EventLoopTaskExecutor(WireChannel.defaultGroup.next())
    }
}
