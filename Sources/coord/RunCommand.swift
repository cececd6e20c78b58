import ArgumentParser
import BarrageCore
import BarrageEngine
import Foundation

/// `coord run`: runs a test and prints the merged k6-style summary.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a load test and print a k6-style summary."
    )

    @OptionGroup var load: LoadOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let spec = load.spec()
        let engine: Engine
        do {
            engine = try Engine(spec: spec)
        } catch {
            throw CommandFailure.badInput(error.description)
        }
        let live = LiveProgress(quiet: output.quiet, plannedMicros: spec.durationMicros, plannedVUs: spec.vus)
        let watcher = SignalWatcher { count in
            if count == 1 {
                live.note("stopping gracefully (up to \(DurationFormatter.format(.microseconds(spec.gracefulStopMicros)))); Ctrl-C again to stop now")
                engine.stop(gracefulMicros: spec.gracefulStopMicros)
            } else {
                engine.stop(gracefulMicros: 0)
            }
        }
        defer { watcher.cancel() }

        engine.start()
        var total = MetricsSnapshot.empty()
        var startedAt: Int64?
        var vusMax = 0
        while true {
            try? await Task.sleep(for: .milliseconds(1000))
            let interval = engine.collect()
            total.merge(interval.metrics)
            startedAt = startedAt ?? interval.startedAtWallMicros
            vusMax = max(vusMax, interval.activeVUs)
            let elapsed = startedAt.map { WallClock.nowMicros() - $0 } ?? 0
            live.update(interval: interval, total: total, elapsedMicros: elapsed)
            if interval.finished { break }
        }
        live.finish()
        let elapsed = startedAt.map { WallClock.nowMicros() - $0 } ?? 0
        print(TemporarySummary.render(total, elapsedMicros: elapsed))
    }
}

enum TemporarySummary {
    static func render(_ m: MetricsSnapshot, elapsedMicros: Int64) -> String {
        let d = m.histogram(.httpReqDuration)
        let secs = Double(elapsedMicros) / 1e6
        return """
        http_reqs: \(m.counters.httpReqs) \(m.counters.httpReqs > 0 ? Double(m.counters.httpReqs) / secs : 0)/s
        http_req_duration: avg=\(DurationFormatter.format(micros: d.mean)) p95=\(DurationFormatter.format(micros: Double(d.valueAtPercentile(95))))
        iterations: \(m.counters.iterations) checks ok=\(m.counters.checksPassed) failed=\(m.counters.checksFailed)
        data_received: \(m.counters.dataReceivedBytes) errors: \(m.counters.errors)
        """
    }
}
