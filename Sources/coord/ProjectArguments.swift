import ArgumentParser
import BarrageCoordinator
import BarrageCore
import Foundation

/// Puts a project file's defaults (`barrage.yaml`, or `--config F`) in front of the command line
/// of `coord run` and `coord agents`: a key is a long flag name, and a flag given on the command
/// line wins over the file's (for lists too: the command line's list replaces the file's).
enum ProjectArguments {
    /// The subcommands a project file applies to.
    static let commands: Set<String> = ["run", "agents"]
    /// Keys whose values are paths, taken relative to the project file's folder.
    static let pathKeys: Set<String> = ["token-file", "agents-file", "scenario"]
    /// The key for `coord run`'s positional scenario file.
    static let scenarioKey = "scenario"

    /// `arguments` (without the program name) with the project file applied.
    /// - Throws: ``CommandFailure`` (exit 2) for an unreadable file or an unknown key, as
    ///   `file:line: key: problem`.
    static func apply(to arguments: [String]) throws -> [String] {
        // `explain-config` shows what the file does without running anything.
        if arguments.first == "explain-config" { return arguments }
        guard let command = arguments.first, commands.contains(command) else { return arguments }
        var rest = Array(arguments.dropFirst())
        var path: String?
        if let index = rest.firstIndex(where: { $0 == "--config" || $0.hasPrefix("--config=") }) {
            if rest[index] == "--config" {
                guard index + 1 < rest.count else { throw CommandFailure.badInput("--config needs a file") }
                path = rest[index + 1]
                rest.removeSubrange(index...(index + 1))
            } else {
                path = String(rest[index].dropFirst("--config=".count))
                rest.remove(at: index)
            }
        } else if FileManager.default.fileExists(atPath: ProjectFile.defaultName) {
            path = ProjectFile.defaultName
        }
        guard let path else { return [command] + rest }
        let project = try load(path)
        let options = OptionTable.of(RunCommand.self)
        var defaults: [String] = []
        var scenario: [String] = []
        // What the file decided, said before the run: the same command in another folder may
        // run a different test (no think time, no thresholds).
        var used: [String] = []
        for entry in project.entries {
            let key = entry.key
            let whereText = "\(path):\(entry.line): \(key)"
            if key == scenarioKey {
                guard case .scalar(let file) = entry.value else { throw CommandFailure.badInput("\(whereText): expected one file") }
                if command == "run", !options.hasPositional(rest) {
                    scenario = [resolve(file, key: key, against: path)]
                    used.append(Self.shown(key, [file]))
                }
                continue
            }
            guard options.valued.contains(key) || options.flags.contains(key) else {
                throw CommandFailure.badInput("\(whereText): not a 'coord run' flag (keys are long flag names such as url, token-file, vus; see coord run --help)")
            }
            // `coord agents` takes only the agent and token flags; the rest of the file is for runs.
            if command == "agents", !AgentsCommand.projectKeys.contains(key) { continue }
            if rest.contains(where: { $0 == "--" + key || $0.hasPrefix("--\(key)=") }) { continue }
            switch entry.value {
            case .flag(let on): used.append(Self.shown(key, [on ? "true" : "false"]))
            case .scalar(let value): used.append(Self.shown(key, [value]))
            case .list(let values): used.append(Self.shown(key, values))
            }
            switch entry.value {
            case .flag(let on):
                if options.flags.contains(key) {
                    if on { defaults.append("--" + key) }
                } else {
                    defaults += ["--" + key, on ? "true" : "false"]
                }
            case .scalar(let value):
                guard options.valued.contains(key) else { throw CommandFailure.badInput("\(whereText): is a flag: use true or false") }
                defaults += ["--" + key, resolve(value, key: key, against: path)]
            case .list(let values):
                guard options.valued.contains(key) else { throw CommandFailure.badInput("\(whereText): is a flag: use true or false") }
                for value in values { defaults += ["--" + key, resolve(value, key: key, against: path)] }
            }
        }
        if !used.isEmpty {
            StandardError.send("using \(path): \(used.joined(separator: ", ")) (a flag on the command line wins)\n")
        }
        return [command] + defaults + rest + scenario
    }

    /// `key=value` for the line saying what the project file set; long values are cut.
    static func shown(_ key: String, _ values: [String]) -> String {
        let text = values.count == 1 ? values[0] : "[" + values.joined(separator: ", ") + "]"
        return key + "=" + PeerText.escape(text, limit: 60)
    }

    static func load(_ path: String) throws -> ProjectFile {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure.badInput("\(path): cannot read the project file")
        }
        do { return try ProjectFile.parse(text, path: path) } catch { throw CommandFailure.badInput(error.description) }
    }

    static func resolve(_ value: String, key: String, against projectPath: String) -> String {
        guard pathKeys.contains(key), !value.hasPrefix("/") else { return value }
        let folder = (projectPath as NSString).deletingLastPathComponent
        return folder.isEmpty ? value : (folder as NSString).appendingPathComponent(value)
    }
}

/// The long options and flags of a command, read from its own help (argument-parser has no public
/// introspection): `--url <url>` takes a value, `--quiet` does not.
struct OptionTable {
    var valued: Set<String> = []
    var flags: Set<String> = []

    static func of(_ command: any ParsableCommand.Type) -> OptionTable {
        var table = OptionTable()
        let help = command.helpMessage(includeHidden: true, columns: 10_000)
        for line in help.split(separator: "\n") {
            var trimmed = line.drop { $0 == " " }
            // `-v, --verbose`: the long name follows the short one.
            if trimmed.hasPrefix("-"), !trimmed.hasPrefix("--"), let comma = trimmed.firstIndex(of: ",") {
                trimmed = trimmed[trimmed.index(after: comma)...].drop { $0 == " " }
            }
            guard trimmed.hasPrefix("--") else { continue }
            let head = trimmed.prefix { $0 != " " && $0 != "," }
            let name = String(head.dropFirst(2))
            guard !name.isEmpty, name != "help", name != "config" else { continue }
            let after = trimmed.dropFirst(head.count).drop { $0 == " " }
            if after.hasPrefix("<") { table.valued.insert(name) } else { table.flags.insert(name) }
        }
        return table
    }

    /// Whether `arguments` (after the subcommand) hold a positional argument.
    func hasPositional(_ arguments: [String]) -> Bool {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { return index + 1 < arguments.count }
            if argument.hasPrefix("--") {
                let name = String(argument.dropFirst(2))
                if valued.contains(name) { index += 1 }
            } else if !argument.hasPrefix("-") || argument == "-" {
                return true
            }
            index += 1
        }
        return false
    }
}
