import ArgumentParser
import BarrageCore

/// The workload flags of `coord run`: what each VU does and for how long.
struct LoadOptions: ParsableArguments {
    @Option(help: "The URL each iteration requests (http:// or https://).")
    var url: String

    @Option(help: "Virtual users running concurrently.")
    var vus: Int = 1

    @Option(help: "How long to run, e.g. 30s, 3m, 1h30m (default: 30s).", transform: parseDuration)
    var duration: Duration = .seconds(30)

    @Option(help: "Think time after each iteration: 1s, or a uniform range 500ms..1500ms (default: 0).", transform: parseThinkTime)
    var sleep: ThinkTime = .none

    @Option(help: "Per-request timeout (default: 60s).", transform: parseDuration)
    var timeout: Duration = .seconds(60)

    @Option(name: .customLong("graceful-stop"), help: "Time iterations in flight get to finish at the end (default: 30s, as k6).", transform: parseDuration)
    var gracefulStop: Duration = .seconds(30)

    @Option(name: .customLong("expect-status"), parsing: .singleValue,
            help: "A status that passes the default check (repeatable); default: any 2xx.")
    var expectStatus: [Int] = []

    @Option(help: "Event loops (threads) per machine; default: one per core.")
    var threads: Int = 0

    mutating func validate() throws {
        do { _ = try TargetURL(url) } catch { throw ValidationError(error.description) }
        guard vus >= 1 else { throw ValidationError("--vus must be at least 1, but is \(vus)") }
        guard vus <= 1_000_000 else { throw ValidationError("--vus must be at most 1000000, but is \(vus)") }
        guard duration >= .milliseconds(100) else {
            throw ValidationError("--duration must be at least 100ms, but is \(DurationFormatter.format(duration))")
        }
        guard timeout > .zero else { throw ValidationError("--timeout must be positive") }
        guard threads >= 0 else { throw ValidationError("--threads must be 0 (one per core) or more, but is \(threads)") }
        for status in expectStatus where !(100...599).contains(status) {
            throw ValidationError("--expect-status must be an HTTP status from 100 to 599, but is \(status)")
        }
    }

    /// The per-machine spec before the VU split.
    func spec(recordPhases: Bool = false) -> RunSpec {
        var spec = RunSpec(
            url: url, vus: vus, durationMicros: duration.microseconds, thinkTime: sleep,
            timeoutMicros: timeout.microseconds, gracefulStopMicros: gracefulStop.microseconds,
            expectedStatuses: expectStatus, threads: threads)
        spec.recordPhases = recordPhases
        return spec
    }
}

func parseDuration(_ text: String) throws -> Duration {
    do { return try DurationParser.parse(text) } catch { throw ValidationError(error.description) }
}

func parseThinkTime(_ text: String) throws -> ThinkTime {
    do { return try ThinkTime.parse(text) } catch { throw ValidationError(error.description) }
}
