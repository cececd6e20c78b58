import BarrageCore
import BarrageResults
import Foundation
import Synchronization

/// Prints the live status line on stderr once a second: redrawn in place with a bar on a terminal,
/// one line per second otherwise (logs and CI).
final class LiveProgress: Sendable {
    private let quiet: Bool
    private let isTerminal: Bool
    private let drawn = Mutex(false)

    init(quiet: Bool) {
        self.quiet = quiet
        self.isTerminal = isatty(STDERR_FILENO) == 1
    }

    func update(_ line: ProgressLine) {
        guard !quiet else { return }
        write(isTerminal ? "\r\u{1B}[2K" + line.render(barWidth: 30) : line.render() + "\n")
        drawn.withLock { $0 = true }
    }

    /// A message between progress lines (plan, warnings), always shown.
    func note(_ message: String) {
        write((isTerminal && drawn.withLock({ $0 }) ? "\r\u{1B}[2K" : "") + message + "\n")
    }

    func finish() {
        if isTerminal, !quiet, drawn.withLock({ $0 }) { write("\n") }
    }

    private func write(_ text: String) {
        StandardError.send(text)
    }
}
