import BarrageCore

/// Why the coordinator could not plan, start or finish a run.
public enum CoordinatorError: Error, Sendable, CustomStringConvertible {
    case badAgentAddress(String)
    case agentsFile(path: String, detail: String)
    case connectFailed(agent: String, address: String, detail: String)
    case refused(agent: String, address: String, error: ProtocolErrorMessage)
    case protocolFailure(agent: String, address: String, detail: String)
    case plan(PlanError)
    case noAgentStarted
    case interrupted
    /// The test's setup failed (a request, check or extraction, or its agent was lost): no load ran.
    case setupFailed(String)
    /// Fewer agents joined than `--expect-agents` within `--agents-timeout`.
    case agentsTimeout(expected: Int, joined: [String], timeout: Duration)

    public var description: String {
        switch self {
        case .badAgentAddress(let text):
            return "invalid agent address '\(text)': expected host:port (e.g. 10.0.0.1:7070 or [::1]:7070)"
        case .agentsFile(let path, let detail):
            // The detail quotes keys and values from the file, which may hold any character.
            return OneLineText.escape("\(path): \(detail)")
        case .connectFailed(let agent, let address, let detail):
            return "agent \(agent) \(address): cannot connect: \(PeerText.escape(detail)); is `coord agent` running and listening there?"
        case .refused(let agent, let address, let error):
            // The message is the agent's text: escaped, so it cannot rewrite the operator's terminal.
            return "agent \(agent) \(address) refused: \(PeerText.escape(error.message)) (\(error.kind.rawValue))"
        case .protocolFailure(let agent, let address, let detail):
            return "agent \(agent) \(address): \(PeerText.escape(detail))"
        case .plan(let error):
            return error.description
        case .noAgentStarted:
            return "no agent started the run"
        case .interrupted:
            return "interrupted before the run started; nothing was measured"
        case .setupFailed(let detail):
            return "setup failed, no load was sent: \(detail)"
        case .agentsTimeout(let expected, let joined, let timeout):
            let who = joined.isEmpty ? "none joined" : "joined: \(joined.joined(separator: ", "))"
            return "expected \(expected) agents, but \(joined.count) joined within \(DurationFormatter.format(timeout)) (\(who)); \(expected - joined.count) missing"
        }
    }

    /// Bad input (exit code 2) rather than a failed run.
    public var isBadInput: Bool {
        switch self {
        case .badAgentAddress, .agentsFile, .plan: return true
        case .refused(_, _, let error): return [.targetNotAllowed, .badSpec, .tooManyVUs].contains(error.kind)
        default: return false
        }
    }
}
