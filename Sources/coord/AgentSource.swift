import BarrageCore
import BarrageCoordinator
import BarrageResults
import BarrageWire
import Foundation

/// Where `run`, `probe` and `agent` get their agents and token from, with one-line errors (exit 2).
enum AgentSource {
    /// The token in `path`; a permission warning goes to stderr as one line, and the run goes on.
    static func token(path: String) throws -> String {
        let contents: TokenFile.Contents
        do { contents = try TokenFile.load(path: path) } catch { throw CommandFailure.badInput(error.description) }
        if let warning = contents.warning { StandardError.send(warning.description + "\n") }
        return contents.token
    }

    static func endpoints(list: String?, file: String?) throws -> [AgentEndpoint] {
        if let list {
            do { return try AgentEndpoint.parseList(list) } catch { throw CommandFailure.badInput(error.description) }
        }
        let path = file ?? ""
        let text: String
        do {
            text = try YAMLLimits.standard.readFile(atPath: path)
        } catch {
            throw CommandFailure.badInput("\(path): cannot read the agents file: \(error.message)")
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
