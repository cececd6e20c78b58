import ArgumentParser
import BarrageCoordinator
#if canImport(Glibc)
import Glibc
#endif

@main
struct Coord: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coord",
        abstract: "Barrage: distributed HTTP load testing.",
        subcommands: [
            RunCommand.self, CapacityCommand.self, ReportCommand.self, CompareCommand.self, AgentCommand.self, AgentsCommand.self, InitCommand.self,
            ExplainConfigCommand.self, TargetCommand.self, ProbeCommand.self, BenchReplayCommand.self, ImportCommand.self,
        ]
    )

    /// Parses and runs, mapping every bad-input error to one line on stderr and exit code 2
    /// (argument-parser alone would exit 64).
    static func main() async {
        do {
            let arguments = try ProjectArguments.apply(to: NegativeOptionValues.attach(Array(CommandLine.arguments.dropFirst())))
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Glibc.exit(exit.rawValue)
        } catch let failure as CommandFailure {
            printError(failure.message)
            Glibc.exit(failure.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help and --version: argument-parser's text on stdout.
                print(fullMessage(for: error))
                Glibc.exit(0)
            }
            printError(message(for: error))
            Glibc.exit(code == .validationFailure ? ExitCodes.badInput : code.rawValue)
        }
    }
}

/// An error raised after parsing that already knows its message and exit code.
struct CommandFailure: Error {
    let message: String
    let exitCode: Int32

    static func badInput(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: ExitCodes.badInput) }
}

func printError(_ message: String) {
    var stderr = StandardError()
    print("error: \(message)", to: &stderr)
}

/// stderr through a plain `write(2)`: Foundation's `FileHandle.write(_:)` traps when stderr is a
/// closed pipe (`coord run ... 2>&1 | head`), which would lose the summary.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        Self.send(string)
    }

    static func send(_ string: String) {
        var bytes = Array(string.utf8)
        _ = Glibc.write(STDERR_FILENO, &bytes, bytes.count)
    }
}
