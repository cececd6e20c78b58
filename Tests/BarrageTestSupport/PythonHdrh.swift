import Foundation

/// Runs Python with the `hdrhistogram` package (module `hdrh`) when it is installed.
public enum PythonHdrh {
    /// Whether `python3` can import the package (`pip install hdrhistogram`).
    public static let isAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import hdrh.histogram, hdrh.log"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// Runs `script` with `arguments` under `python3`, with a 60 s deadline.
    /// - Returns: standard output.
    /// - Throws: if Python cannot start, exits non-zero or times out.
    public static func run(script: String, arguments: [String]) async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("barrage-hdrh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputURL = directory.appendingPathComponent("stdout")
        let errorURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        let errors = try FileHandle(forWritingTo: errorURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        // Sleep without blocking a cooperative thread: other tests share the pool.
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw PythonFailure(message: "python3 timed out")
        }
        try output.close()
        try errors.close()
        guard process.terminationStatus == 0 else {
            let stderr = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
            throw PythonFailure(message: "python3 exited \(process.terminationStatus): \(stderr)")
        }
        return try String(contentsOf: outputURL, encoding: .utf8)
    }

    public struct PythonFailure: Error, CustomStringConvertible {
        let message: String
        public var description: String { message }
    }
}
