import BarrageCore
import Foundation

/// The agent's log: one timestamped line per event on stderr, which systemd's journal keeps.
///
/// Every line is escaped with ``BarrageCore/PeerText``: lines quote what peers sent (names, error
/// texts, message types), and a newline or an ANSI escape in them must not forge a line or reach
/// the operator's terminal raw.
enum AgentLog {
    enum Level: String, Sendable {
        case info, warning, error
    }

    static func info(_ message: String) { write(.info, message) }
    static func error(_ message: String) { write(.error, message) }
    static func warning(_ message: String) { write(.warning, message) }

    static func write(_ level: Level, _ message: String) {
        let stamp = Date().formatted(.iso8601)
        let line = PeerText.escape(message, limit: 2000)
        // Not FileHandle.write(_:), which traps when stderr is a closed pipe.
        try? FileHandle.standardError.write(contentsOf: Data("\(stamp) \(level.rawValue) \(line)\n".utf8))
    }
}
