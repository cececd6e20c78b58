import BarrageCore
import BarrageEngine
import Foundation
import Synchronization

/// Prints the live status line on stderr once a second: redrawn in place with a bar on a terminal,
/// one line per second otherwise (logs and CI).
final class LiveProgress: Sendable {
    private let quiet: Bool
    private let isTerminal: Bool
    private let plannedMicros: Int64
    private let plannedVUs: Int
    private let drawn = Mutex(false)

    init(quiet: Bool, plannedMicros: Int64, plannedVUs: Int) {
        self.quiet = quiet
        self.isTerminal = isatty(STDERR_FILENO) == 1
        self.plannedMicros = plannedMicros
        self.plannedVUs = plannedVUs
    }

    func update(interval: EngineInterval, total: MetricsSnapshot, elapsedMicros: Int64, agents: Int? = nil) {
        guard !quiet else { return }
        let line = ProgressLine(
            elapsedMicros: elapsedMicros, plannedMicros: plannedMicros, activeVUs: interval.activeVUs,
            plannedVUs: plannedVUs, iterations: total.counters.iterations,
            requestsPerSecond: Double(interval.metrics.counters.httpReqs),
            p95Micros: total.histogram(.httpReqDuration).valueAtPercentile(95),
            errors: total.counters.httpReqFailed, agents: agents)
        write(isTerminal ? "\r\u{1B}[2K" + line.render(barWidth: 30) : line.render() + "\n")
        drawn.withLock { $0 = true }
    }

    func note(_ message: String) {
        write((isTerminal ? "\r\u{1B}[2K" : "") + message + "\n")
    }

    func finish() {
        if isTerminal, !quiet, drawn.withLock({ $0 }) { write("\n") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
