import ArgumentParser
import BarrageCore

/// The workload of `coord run`: a scenario file and/or flags that say what each VU does and for
/// how long. Flags override the file (``WorkloadFlags``).
struct LoadOptions: ParsableArguments {
    @Argument(help: "A scenario file (YAML), e.g. config/feed.yaml; or give --url.")
    var scenarioFile: String?

    @Option(help: "The URL each iteration requests (http:// or https://); with a scenario file, the base that replaces its target.")
    var url: String?

    @Option(help: "Virtual users running concurrently (default: 1; with a file, switches it to constant-vus).")
    var vus: Int?

    @Option(help: "How long to run, e.g. 30s, 3m, 1h30m (default: 30s; with a file, switches it to constant-vus).", transform: parseDuration)
    var duration: Duration?

    @Option(help: "Ramp VUs through stages (ramping-vus), e.g. 30s:100,1m:1000.", transform: parseStages)
    var stages: [Stage]?

    @Option(help: "Think time after each iteration: 1s, or a uniform range 500ms..1500ms (default: 0).", transform: parseThinkTime)
    var sleep: ThinkTime?

    @Option(help: "Per-request timeout (default: 60s).", transform: parseDuration)
    var timeout: Duration?

    @Option(name: .customLong("graceful-stop"), help: "Time iterations in flight get to finish at the end (default: 30s, as k6).", transform: parseDuration)
    var gracefulStop: Duration?

    @Option(name: .customLong("expect-status"), parsing: .singleValue,
            help: "A status that passes the default check (repeatable); default: any 2xx.")
    var expectStatus: [Int] = []

    @Flag(name: .customLong("insecure-skip-tls-verify"), help: "Accept any TLS certificate of the target (as k6's flag and the file's http.insecureSkipTLSVerify).")
    var insecureSkipTLSVerify = false

    @Option(help: "Event loops (threads) per machine; default: one per core.")
    var threads: Int = 0

    mutating func validate() throws {
        if let url {
            do { _ = try TargetURL(url) } catch { throw ValidationError(error.description) }
        }
        if let vus {
            guard vus >= 1 else { throw ValidationError("--vus must be at least 1, but is \(vus)") }
            guard vus <= 1_000_000 else { throw ValidationError("--vus must be at most 1000000, but is \(vus)") }
        }
        if let duration, duration < .milliseconds(100) {
            throw ValidationError("--duration must be at least 100ms, but is \(DurationFormatter.format(duration))")
        }
        if let timeout, timeout <= .zero { throw ValidationError("--timeout must be positive") }
        guard threads >= 0 else { throw ValidationError("--threads must be 0 (one per core) or more, but is \(threads)") }
        for status in expectStatus where !(100...599).contains(status) {
            throw ValidationError("--expect-status must be an HTTP status from 100 to 599, but is \(status)")
        }
        if scenarioFile == nil, url == nil {
            throw ValidationError(WorkloadError.noWorkload.description)
        }
    }

    /// The flags as given, for ``WorkloadFlags/spec(scenario:)``.
    func flags(recordPhases: Bool) -> WorkloadFlags {
        var flags = WorkloadFlags()
        flags.url = url
        flags.vus = vus
        flags.durationMicros = duration?.microseconds
        flags.stages = stages
        flags.sleep = sleep
        flags.timeoutMicros = timeout?.microseconds
        flags.gracefulStopMicros = gracefulStop?.microseconds
        flags.expectedStatuses = expectStatus
        flags.threads = threads
        flags.recordPhases = recordPhases
        flags.insecureSkipTLSVerify = insecureSkipTLSVerify
        return flags
    }
}

func parseDuration(_ text: String) throws -> Duration {
    do { return try DurationParser.parse(text) } catch { throw ValidationError(error.description) }
}

func parseThinkTime(_ text: String) throws -> ThinkTime {
    do { return try ThinkTime.parse(text) } catch { throw ValidationError(error.description) }
}

func parseStages(_ text: String) throws -> [Stage] {
    do { return try Stage.parseList(text) } catch { throw ValidationError(error.description) }
}
