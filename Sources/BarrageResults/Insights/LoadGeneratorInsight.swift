import BarrageCore

/// A finding that an agent, not the system under test, limits the run.
public struct LoadGeneratorInsight: Sendable, Equatable, CustomStringConvertible {
    public enum Resource: String, Sendable, Equatable {
        case cpu = "CPU"
        case eventLoop = "event loop"
        case network = "network"
    }

    public var agent: String
    public var resource: Resource
    /// What was seen, with figures.
    public var evidence: String
    /// Agents of this capacity the test needs, when it can be estimated.
    public var agentsNeeded: Int?

    public var description: String {
        var text = "load generator limit: agent \(agent) is \(resource.rawValue)-bound: \(evidence)"
        if let agentsNeeded {
            text += "; this test needs about \(agentsNeeded) agents of this capacity"
        }
        return text
    }
}
