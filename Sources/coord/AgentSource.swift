import BarrageCore
import BarrageCoordinator
import BarrageWire
import Foundation

/// Where `run` and `probe` get their agents and token from, with one-line errors (exit 2).
enum AgentSource {
    static func token(path: String) throws -> String {
        do { return try TokenFile.read(path: path) } catch { throw CommandFailure.badInput(error.description) }
    }

    static func endpoints(list: String?, file: String?) throws -> [AgentEndpoint] {
        if let list {
            do { return try AgentEndpoint.parseList(list) } catch { throw CommandFailure.badInput(error.description) }
        }
        let path = file ?? ""
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandFailure.badInput("\(path): cannot read the agents file")
        }
        do { return try AgentsFile.parse(text, path: path) } catch { throw CommandFailure.badInput(error.description) }
    }

    /// Probes, printing progress on stderr; coordinator errors become exit codes.
    static func probe(
        _ endpoints: [AgentEndpoint], token: String, settings: AgentProbe.Settings
    ) async throws -> (capacities: [AgentCapacity], meanResponseBytes: Double) {
        do {
            return try await AgentProbe.run(agents: endpoints, token: token, settings: settings) { line in
                StandardError.send(line + "\n")
            }
        } catch let error as CoordinatorError {
            throw CommandFailure(message: error.description, exitCode: error.isBadInput ? ExitCodes.badInput : ExitCodes.failure)
        }
    }
}
