import BarrageCore
import BarrageResults
import BarrageWire

/// Performs what ``RunMachine`` decides: feeds it the events as they come, with the wall clock,
/// and carries out its actions (messages to agent connections, log lines, the live line, closed
/// seconds to the outputs).
/// Package-visible for the replay benchmark (BarrageBench), which drives it with in-memory agents.
package struct RunDriver {
    private var machine: RunMachine
    /// Each agent connection's command queue, in the plan's order.
    private let commands: [AsyncStream<AgentCommand>.Continuation]
    private let log: @Sendable (RunCoordinator.LogKind, String) -> Void
    private let progress: @Sendable (ProgressLine) -> Void
    /// Receives the start instant and the split once every agent is told to start.
    var onStart: @Sendable (RunStart) -> Void = { _ in }
    /// Receives each merged second once it closes (exact: every live agent has reported it).
    var onSecond: @Sendable (SecondRow) -> Void = { _ in }
    /// Receives an agent's share of a second that had already closed.
    var onLate: @Sendable (UInt64, JournalAgentSecond) -> Void = { _, _ in }

    package init(
        plan: RunPlan, commands: [AsyncStream<AgentCommand>.Continuation],
        log: @escaping @Sendable (RunCoordinator.LogKind, String) -> Void, progress: @escaping @Sendable (ProgressLine) -> Void
    ) {
        precondition(commands.count == plan.agents.count, "one command queue per agent of the plan")
        self.machine = RunMachine(plan: plan, runId: "run-\(UInt32.random(in: 0...UInt32.max))", now: WallClock.nowMicros())
        self.commands = commands
        self.log = log
        self.progress = progress
    }

    /// Runs until the machine is done; every agent connection is told to close by then.
    package mutating func drive(_ events: AsyncStream<AgentEvent>) async -> Result<RunOutcome, CoordinatorError> {
        for await event in events {
            for action in machine.handle(event, now: WallClock.nowMicros()) {
                switch action {
                case .send(let agent, let message): commands[agent].yield(.send(message))
                case .close(let agent): commands[agent].yield(.close)
                case .log(let kind, let line): log(kind, line)
                case .progress(let line): progress(line)
                case .started(let start): onStart(start)
                case .second(let row): onSecond(row)
                case .lateShare(let seq, let share): onLate(seq, share)
                case .finished(let result): return result
                }
            }
        }
        // The event stream never ends before the machine does; if it did, nothing more can come.
        return .failure(.protocolFailure(agent: "-", address: "-", detail: "the run's events ended before the run did"))
    }
}
