import ArgumentParser
import BarrageCore
import BarrageCoordinator

/// The checks on `--listen-agents`, `--expect-agents` and `--agents-timeout`, shared by
/// `coord run` and `coord agents` so both refuse the same values.
enum JoinFlags {
    static let expectAgents: ClosedRange<Int> = 1...10_000

    static func validate(listenAgents: String?, expectAgents: Int?, agentsTimeout: String?) throws {
        if let listenAgents {
            do { _ = try AgentEndpoint.parseAddress(listenAgents, listening: true) } catch {
                throw ValidationError("--listen-agents: \(error.description)")
            }
        } else if expectAgents != nil || agentsTimeout != nil {
            throw ValidationError("--expect-agents and --agents-timeout need --listen-agents")
        }
        if let expectAgents, !Self.expectAgents.contains(expectAgents) {
            throw ValidationError("--expect-agents must be from 1 to 10000, but is \(expectAgents)")
        }
        if let agentsTimeout {
            do { _ = try DurationParser.parse(agentsTimeout) } catch { throw ValidationError("--agents-timeout: \(error.description)") }
        }
    }
}
