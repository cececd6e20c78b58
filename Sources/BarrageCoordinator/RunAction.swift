import BarrageCore
import BarrageResults

/// What ``RunMachine`` asks its driver to do after an event, in order.
enum RunAction: Sendable {
    /// Send a message to agent `agent` (an index into the plan's agents).
    case send(agent: Int, Message)
    /// Close agent `agent`'s connection (it is lost or the run is over).
    case close(agent: Int)
    case log(RunCoordinator.LogKind, String)
    /// The merged live status, once a second.
    case progress(ProgressLine)
    /// Every agent has been told when to start.
    case started(RunStart)
    /// A merged second closed: every live agent has reported it.
    case second(SecondRow)
    /// An agent's share of a second that had already closed.
    case lateShare(seq: UInt64, JournalAgentSecond)
    /// The run is over: the outcome, or why it could not run. Always the last action.
    case finished(Result<RunOutcome, CoordinatorError>)
}
