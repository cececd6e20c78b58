import ArgumentParser
import BarrageCore
import BarrageResults
import BarrageTarget

/// What `coord run` writes besides the summary.
struct OutputOptions: ParsableArguments {
    @Option(name: .customLong("summary-export"), help: "Write the summary as JSON (k6's summary-export shape) to this file.")
    var summaryExport: String?

    @Option(name: .customLong("summary-trend-stats"),
            help: "Trend stats to show, comma-separated, e.g. avg,min,med,max,p(90),p(95),p(99).")
    var summaryTrendStats: String?

    @Flag(name: [.short, .long], help: "Also show the HTTP phase metrics (blocked, connecting, waiting, ...).")
    var verbose = false

    @Flag(name: .shortAndLong, help: "No live progress on stderr.")
    var quiet = false

    @Option(name: .customLong("threshold"), parsing: .singleValue,
            help: "A pass/fail criterion on the merged result, e.g. 'http_req_duration:p(95)<500' (repeatable); exit 99 if any fails.")
    var thresholdFlags: [String] = []

    @Option(name: .customLong("out"), parsing: .singleValue,
            help: "Stream the per-second merged series: csv=FILE, json=FILE (JSON Lines), influxdb=http://HOST:PORT/DB or prometheus-rw=http://HOST:PORT/api/v1/write (repeatable).")
    var outFlags: [String] = []

    @Option(help: "Write a self-contained HTML report (summary, thresholds, charts over time) to this file.")
    var report: String?

    @Option(help: "The folder under which each run writes its results folder (journal, summary, report).")
    var results: String = "results"

    @Flag(name: .customLong("no-results"), help: "Write no results folder.")
    var noResults = false

    @Option(help: "At the end, compare this run with a base run: a results folder or a summary export (k6's too).")
    var baseline: String?

    @Option(name: .customLong("baseline-threshold"), parsing: .singleValue,
            help: "A criterion on this run against --baseline, e.g. 'http_req_duration:p(95)<+10%' (repeatable); exit 99 if any fails.")
    var baselineThresholdFlags: [String] = []

    @Option(help: "Serve a live dashboard during the run on HOST:PORT, e.g. 127.0.0.1:5665 (an explicit address, not 0.0.0.0).")
    var dashboard: String?

    mutating func validate() throws {
        for flag in outFlags {
            do { _ = try OutputTarget.parse(flag) } catch { throw ValidationError(error.description) }
        }
        if let dashboard { _ = try Self.dashboardAddress(dashboard) }
        for flag in thresholdFlags {
            do { _ = try Threshold.parse(flag: flag) } catch { throw ValidationError(error.description) }
        }
        for flag in baselineThresholdFlags {
            do { _ = try CompareThreshold.parse(flag) } catch { throw ValidationError(error.description) }
        }
        if !baselineThresholdFlags.isEmpty, baseline == nil {
            throw ValidationError("--baseline-threshold needs --baseline DIR")
        }
    }

    /// The parsed `--baseline-threshold`s (validated already).
    func baselineThresholds() -> [CompareThreshold] {
        baselineThresholdFlags.compactMap { try? CompareThreshold.parse($0) }
    }

    /// The parsed `--out` targets (validated already).
    func outputTargets() -> [OutputTarget] {
        outFlags.compactMap { try? OutputTarget.parse($0) }
    }

    /// `--dashboard`'s host and port: an explicit address, never a wildcard.
    static func dashboardAddress(_ text: String) throws -> (host: String, port: Int) {
        let address: ListenAddress
        do { address = try ListenAddress(parsing: text) } catch {
            throw ValidationError("--dashboard must be HOST:PORT, e.g. 127.0.0.1:5665, but is '\(text)'")
        }
        guard !["0.0.0.0", "::", "*"].contains(address.host) else {
            throw ValidationError("--dashboard needs an explicit address such as 127.0.0.1:5665, not the wildcard '\(text)'")
        }
        return (address.host, address.port)
    }

    /// The parsed thresholds (validated already).
    func thresholds() -> [Threshold] {
        thresholdFlags.compactMap { try? Threshold.parse(flag: $0) }
    }
}
