import BarrageCore
import BarrageResults
import NIOCore

/// Every sink of a run behind one non-blocking entry: the run's task only queues; one task of
/// its own hands each event to the sinks in order.
public final class OutputSinks: Sendable {
    private enum Event: Sendable {
        case start(RunStart)
        case second(SecondRow)
        case late(UInt64, JournalAgentSecond)
        case note(String)
    }

    /// How long the network outputs may take to send what is queued once the run is over.
    public static let flushBudget = TimeAmount.seconds(3)

    private let sinks: [any OutputSink]
    private let events: AsyncStream<Event>.Continuation
    private let consumer: Task<Void, Never>

    /// - Parameter sinks: finished in this order; those that show the summary (the dashboard,
    ///   the journal) go last so that they see every other sink's notes.
    public init(_ sinks: [any OutputSink]) {
        self.sinks = sinks
        let (stream, events) = AsyncStream.makeStream(of: Event.self)
        self.events = events
        consumer = Task {
            for await event in stream {
                for sink in sinks {
                    switch event {
                    case .start(let run): sink.start(run)
                    case .second(let second): sink.record(second)
                    case .late(let seq, let share): sink.recordLate(seq: seq, share: share)
                    case .note(let text): sink.note(text)
                    }
                }
            }
        }
    }

    public func start(_ run: RunStart) { events.yield(.start(run)) }
    public func record(_ second: SecondRow) { events.yield(.second(second)) }
    public func recordLate(seq: UInt64, share: JournalAgentSecond) { events.yield(.late(seq, share)) }
    public func note(_ text: String) { events.yield(.note(text)) }

    /// Hands on what is queued, flushes every sink at once within ``flushBudget``, then finishes
    /// each sink in order.
    /// - Returns: `run` with every sink's notes appended to its report (nil stays nil).
    @discardableResult
    public func finish(_ run: FinishedRun?) async -> FinishedRun? {
        events.finish()
        await consumer.value
        let deadline = NIODeadline.now() + Self.flushBudget
        let flushed = await withTaskGroup(of: (Int, [String]).self) { group in
            for (index, sink) in sinks.enumerated() { group.addTask { (index, await sink.flush(until: deadline)) } }
            var notes: [Int: [String]] = [:]
            for await (index, sinkNotes) in group { notes[index] = sinkNotes }
            return notes
        }
        var run = run
        for index in sinks.indices { run?.outcome.report.notes += flushed[index] ?? [] }
        for sink in sinks {
            let notes = await sink.finish(run)
            run?.outcome.report.notes += notes
        }
        return run
    }
}
