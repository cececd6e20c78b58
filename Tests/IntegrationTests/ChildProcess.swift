import Foundation
import Synchronization

/// A real `coord` process for integration tests: captured output, a deadline on every wait, and
/// a kill on teardown so no test leaves load running.
final class ChildProcess: Sendable {
    private let process: Process
    private let output = OutputBuffer()

    /// The `coord` binary built beside the test bundle.
    static var coordURL: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("coord")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        // swift-testing on Linux may run from a different helper; fall back to the package's build folder.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/coord")
    }

    /// Where children run by default (a temporary folder), so `results/` folders never land in the checkout.
    static let workingDirectory: URL = {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("barrage-integration-cwd")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// Starts `executable` (default: `coord`) with `arguments`.
    /// - Parameters:
    ///   - directory: the child's working directory (`coord init`, barrage.yaml tests); default
    ///     ``workingDirectory``.
    ///   - environment: variables set (or replaced) on top of this process's.
    init(_ arguments: [String], executable: URL = ChildProcess.coordURL, directory: String? = nil, environment: [String: String] = [:]) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        // Runs write a results folder under the current directory: keep them out of the checkout.
        process.currentDirectoryURL = directory.map { URL(fileURLWithPath: $0) } ?? Self.workingDirectory
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let output = self.output
        out.fileHandleForReading.readabilityHandler = { handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            output.text.withLock { $0.stdout += text }
        }
        err.fileHandleForReading.readabilityHandler = { handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            output.text.withLock { $0.stderr += text }
        }
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var stdout: String { output.text.withLock { $0.stdout } }
    var stderr: String { output.text.withLock { $0.stderr } }
    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Waits for a stdout line starting with `prefix` and returns the rest of it.
    func waitForLine(prefix: String, timeout: TimeInterval = 20) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            for line in stdout.split(separator: "\n") where line.hasPrefix(prefix) {
                return String(line.dropFirst(prefix.count))
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("no line starting with '\(prefix)' within \(timeout)s; stdout: \(stdout) stderr: \(stderr)")
    }

    /// Waits for the process to exit and returns its status; kills it at the deadline.
    func waitForExit(timeout: TimeInterval = 60) async throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                throw TestFailure("process did not exit within \(timeout)s; stderr: \(stderr)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        // Let the readability handlers drain the pipes.
        try await Task.sleep(for: .milliseconds(100))
        return process.terminationStatus
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Runs `coord` with `arguments` to completion.
    static func run(_ arguments: [String], directory: String? = nil, timeout: TimeInterval = 60) async throws -> (status: Int32, stdout: String, stderr: String) {
        let child = try ChildProcess(arguments, directory: directory)
        let status = try await child.waitForExit(timeout: timeout)
        return (status, child.stdout, child.stderr)
    }
}

/// What a child wrote, appended from the pipes' handler threads.
final class OutputBuffer: Sendable {
    let text = Mutex((stdout: "", stderr: ""))
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
