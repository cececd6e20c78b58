import ArgumentParser

@main
struct Coord: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coord",
        abstract: "Barrage: distributed HTTP load testing.",
        subcommands: [TargetCommand.self]
    )
}
