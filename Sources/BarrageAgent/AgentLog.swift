import Foundation

/// The agent's log: one timestamped line per event on stderr, which systemd's journal keeps.
enum AgentLog {
    static func info(_ message: String) { write("info", message) }
    static func error(_ message: String) { write("error", message) }

    private static func write(_ level: String, _ message: String) {
        let stamp = Date().formatted(.iso8601)
        // Not FileHandle.write(_:), which traps when stderr is a closed pipe.
        try? FileHandle.standardError.write(contentsOf: Data("\(stamp) \(level) \(message)\n".utf8))
    }
}
