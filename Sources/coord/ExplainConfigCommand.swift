import ArgumentParser

/// `coord explain-config run ARGS...` (hidden): prints, one per line, the arguments `coord run`
/// would parse once the project file is applied: what a barrage.yaml does, made visible (and how
/// the tests check that every key maps to its flag and that the command line wins).
struct ExplainConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain-config",
        abstract: "Print the arguments a command gets once barrage.yaml (or --config F) is applied.",
        shouldDisplay: false
    )

    @Argument(parsing: .captureForPassthrough, help: "run or agents, then its arguments.")
    var arguments: [String] = []

    func run() throws {
        guard let command = arguments.first, ProjectArguments.commands.contains(command) else {
            throw CommandFailure.badInput("explain-config takes 'run' or 'agents' and their arguments")
        }
        for argument in try ProjectArguments.apply(to: arguments) { print(argument) }
    }
}
