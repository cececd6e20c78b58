import BarrageCore
import BarrageResults
import BarrageWire
import NIOCore

/// Runs one test across agents: connects and authenticates, syncs clocks, splits the VUs, starts
/// every agent at the same instant, merges their samples, handles loss and Ctrl-C, and returns
/// one merged report. Single use.
///
/// All state lives in one ``RunMachine``, fed by one event stream (agent messages, ticks, Ctrl-C),
/// so nothing here needs a lock.
public final class RunCoordinator: Sendable {
    public let plan: RunPlan
    private let events: AsyncStream<AgentEvent>
    private let eventSink: AsyncStream<AgentEvent>.Continuation
    /// What a log line is: the plan printed before the start, or a warning during the run.
    public enum LogKind: Sendable {
        case plan, warning
    }

    private let log: @Sendable (LogKind, String) -> Void
    private let progress: @Sendable (ProgressLine) -> Void
    private let outputs: OutputSinks?
    /// Agents that joined (`--listen-agents`): the last entries of ``RunPlan/agents``.
    private let joined: (lobby: AgentLobby, members: [AgentLobby.Member])?

    /// - Parameters:
    ///   - log: receives the plan and events worth telling the user (one line each).
    ///   - progress: receives the merged live status once a second.
    ///   - outputs: receive the start, then each merged second once every live agent has reported
    ///     it (about a second late, at most 3 s), then the rest at the end; they only queue, never block the run.
    public init(
        plan: RunPlan, log: @escaping @Sendable (LogKind, String) -> Void, progress: @escaping @Sendable (ProgressLine) -> Void,
        outputs: OutputSinks? = nil,
        joined: (lobby: AgentLobby, members: [AgentLobby.Member])? = nil
    ) {
        self.plan = plan
        self.joined = joined
        (events, eventSink) = AsyncStream.makeStream(of: AgentEvent.self)
        self.log = log
        self.progress = progress
        self.outputs = outputs
    }

    /// Ctrl-C: the first stops every agent gracefully, the second at once; the summary follows.
    public func interrupt() {
        eventSink.yield(.interrupt)
    }

    /// - Throws: ``CoordinatorError`` when the run could not start; once started, a run always
    ///   returns what was measured.
    public func run() async throws -> RunOutcome {
        let tls: ControlChannelTLS
        do { tls = try ControlChannelTLS(token: plan.token) } catch {
            throw CoordinatorError.protocolFailure(agent: "-", address: "-", detail: "cannot set up TLS: \(error)")
        }
        // The whole run on one event loop: the dialed connections, their tasks, the ticks and the
        // run machine, so a frame resumes the run on the thread that read it (EventLoopTaskExecutor).
        // Joined agents are already on the lobby's loop.
        let executor = joined?.lobby.executor ?? EventLoopTaskExecutor.next()
        let result = await withTaskExecutorPreference(executor) { await run(tls: tls, on: executor.eventLoop) }
        return try result.get()
    }

    private func run(tls: ControlChannelTLS, on eventLoop: any EventLoop) async -> Result<RunOutcome, CoordinatorError> {
        let plan = self.plan
        let eventSink = self.eventSink
        return await withTaskGroup(of: Void.self) { group in
            var commandSinks: [AsyncStream<AgentCommand>.Continuation] = []
            let joinedMembers = joined?.members ?? []
            let dialed = plan.agents.count - joinedMembers.count
            for (index, endpoint) in plan.agents.enumerated() {
                if index >= dialed {
                    // Already connected and authenticated in the lobby.
                    commandSinks.append(joinedMembers[index - dialed].commands)
                    continue
                }
                let (commands, commandSink) = AsyncStream.makeStream(of: AgentCommand.self)
                commandSinks.append(commandSink)
                group.addTask {
                    await AgentClient.run(
                        index: index, endpoint: endpoint, token: plan.token, tls: tls, coordinatorName: plan.coordinatorName,
                        group: eventLoop, commands: commands, events: eventSink)
                }
            }
            // A timer of the loop itself: a sleeping task would wake a dispatch thread for each tick.
            let ticks = eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(200), delay: .milliseconds(200)) { _ in
                eventSink.yield(.tick)
            }
            if let joined {
                joined.lobby.attach(joined.members.enumerated().map { ($1, dialed + $0) }, sink: eventSink)
                for (offset, member) in joined.members.enumerated() {
                    eventSink.yield(.connected(index: dialed + offset, hello: member.hello, clock: member.clock))
                }
            }
            var driver = RunDriver(plan: plan, commands: commandSinks, log: log, progress: progress)
            if let outputs {
                driver.onStart = { outputs.start($0) }
                driver.onSecond = { outputs.record($0) }
                driver.onLate = { outputs.recordLate(seq: $0, share: $1) }
            }
            let result = await driver.drive(events)
            ticks.cancel()
            for commands in commandSinks {
                commands.yield(.close)
                commands.finish()
            }
            joined?.lobby.detach()
            group.cancelAll()
            return result
        }
    }
}
