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
        write(isTerminal ? "\r\u{1B}[2K" + line.render(barWidth: 30, width: Self.columns()) : line.render() + "\n")
        drawn.withLock { $0 = true }
    }

    /// A message between progress lines (plan, warnings), always shown.
    func note(_ message: String) {
        write((isTerminal && drawn.withLock({ $0 }) ? "\r\u{1B}[2K" : "") + message + "\n")
    }

    func finish() {
        if isTerminal, !quiet, drawn.withLock({ $0 }) { write("\n") }
    }

    /// The terminal's width, read each redraw (a window resized mid-run); else `$COLUMNS`; else 80.
    static func columns() -> Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return columns(environment: ProcessInfo.processInfo.environment["COLUMNS"])
    }

    /// `$COLUMNS` when it is a plausible width, else 80.
    static func columns(environment value: String?) -> Int {
        guard let value, let columns = Int(value), (20...10_000).contains(columns) else { return 80 }
        return columns
    }

    private func write(_ text: String) {
        StandardError.send(text)
    }
}
