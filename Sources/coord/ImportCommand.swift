import ArgumentParser
import BarrageCoordinator
import BarrageImport
import Foundation

/// `coord import har|curl|openapi`: a scenario file from recorded traffic, curl command lines or
/// an OpenAPI document. The YAML goes to `-o` (body files next to it) or stdout; warnings and
/// correlations go to stderr; bad input is one line and exit code 2.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write a scenario file from a HAR recording, curl command lines or an OpenAPI document.",
        subcommands: [HAR.self, Curl.self, OpenAPI.self]
    )

    enum ThinkTime: String, ExpressibleByArgument, CaseIterable {
        case recorded, none
    }

    struct HAR: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "har",
            abstract: "A HAR 1.2 recording (browser devtools, mitmproxy, Charles, Playwright) to a scenario, with correlation.")

        @Argument(help: "The .har file.")
        var file: String

        @Option(name: [.short, .customLong("output")], help: "The scenario file to write (default: stdout).")
        var output: String?

        @Option(name: .customLong("host"), help: "Also keep requests to this host (host or host:port); repeatable.")
        var hosts: [String] = []

        @Flag(name: .customLong("include-static"), help: "Keep images, fonts, stylesheets, scripts and media.")
        var includeStatic = false

        @Option(name: .customLong("think-time"), help: "recorded: sleep as the user paused; none: no sleeps.")
        var thinkTime: ThinkTime = .recorded

        func run() throws {
            var options = HARImportOptions()
            options.hosts = hosts
            options.includeStatic = includeStatic
            options.thinkTime = thinkTime == .recorded
            options.sourceName = (file as NSString).lastPathComponent
            options.bodyFilePrefix = ImportCommand.bodyFilePrefix(output)
            let result: ImportResult
            do { result = try HARImporter.importFile(file, options: options) } catch { throw CommandFailure.badInput(error.description) }
            try ImportCommand.write(result, to: output)
        }
    }

    struct Curl: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "curl",
            abstract: "curl command lines (as a browser's \"Copy as cURL\" writes them) to a scenario.")

        @Argument(help: "One or more curl command lines (each an argument, or several in one); '-' reads them from stdin.")
        var commands: [String]

        @Option(name: [.short, .customLong("output")], help: "The scenario file to write (default: stdout).")
        var output: String?

        func run() throws {
            var text = commands.joined(separator: "\n")
            if commands == ["-"] { text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
            let result: ImportResult
            do {
                result = try CurlImporter.importCommands(text, bodyFilePrefix: ImportCommand.bodyFilePrefix(output))
            } catch { throw CommandFailure.badInput(error.description) }
            try ImportCommand.write(result, to: output)
        }
    }

    struct OpenAPI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "openapi",
            abstract: "An OpenAPI 3.0/3.1 document (.json or .yaml) to a scenario calling each operation once.")

        @Argument(help: "The OpenAPI document.")
        var file: String

        @Option(name: [.short, .customLong("output")], help: "The scenario file to write (default: stdout).")
        var output: String?

        func run() throws {
            let result: ImportResult
            // Size, depth and alias limits before Yams builds anything (a YAML alias bomb is refused here).
            let text: String
            let limits = YAMLLimits(maxBytes: 16 << 20)
            do {
                text = try limits.readFile(atPath: file)
                try limits.check(text)
            } catch {
                throw CommandFailure.badInput("\(file): \(error.description)")
            }
            do { result = try OpenAPIImporter.importText(text) } catch { throw CommandFailure.badInput(error.description) }
            try ImportCommand.write(result, to: output)
        }
    }

    /// Body files are named after the scenario: `shop.yaml` -> `shop-1.body`.
    static func bodyFilePrefix(_ output: String?) -> String {
        guard let output else { return "import" }
        let name = (output as NSString).lastPathComponent
        return (name as NSString).deletingPathExtension
    }

    /// Prints warnings and correlations on stderr, then writes the body files and the YAML.
    static func write(_ result: ImportResult, to output: String?) throws {
        var stderr = StandardError()
        for warning in result.warnings { print("warning: \(warning)", to: &stderr) }
        for line in result.correlations { print(line, to: &stderr) }
        let folder = output.map { ($0 as NSString).deletingLastPathComponent } ?? ""
        for file in result.bodyFiles {
            let path = folder.isEmpty ? file.name : folder + "/" + file.name
            do { try file.text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                throw CommandFailure(message: "cannot write \(path): \(error.localizedDescription)", exitCode: ExitCodes.failure)
            }
        }
        guard let output else {
            print(result.yaml, terminator: "")
            return
        }
        do { try result.yaml.write(toFile: output, atomically: true, encoding: .utf8) } catch {
            throw CommandFailure(message: "cannot write \(output): \(error.localizedDescription)", exitCode: ExitCodes.failure)
        }
        print("wrote \(output): \(result.scenario.requests.count) requests", to: &stderr)
    }
}
