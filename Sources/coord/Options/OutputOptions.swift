import ArgumentParser
import BarrageCore

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

    mutating func validate() throws {
        for flag in thresholdFlags {
            do { _ = try Threshold.parse(flag: flag) } catch { throw ValidationError(error.description) }
        }
    }

    /// The parsed thresholds (validated already).
    func thresholds() -> [Threshold] {
        thresholdFlags.compactMap { try? Threshold.parse(flag: $0) }
    }
}
