import ArgumentParser

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
}
