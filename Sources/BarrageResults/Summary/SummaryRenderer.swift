import BarrageCore

/// Renders a ``RunReport`` as k6's end-of-test text summary, plus Barrage's own blocks.
///
/// The output, without a leading or trailing newline:
/// ```
///   run: http://127.0.0.1:8080/api/posts/, 1000 VUs, 2 agents, 3m planned, 3m0s elapsed
///
///      checks.............: 100.00% ✓ 150000      ✗ 0
///      data_received......: 7.2 GB  40 MB/s
///      http_req_duration..: avg=1.22s min=10.2ms med=1.01s max=4.5s p(90)=1.8s p(95)=1.93s p(99)=2.8s
///      ...
///
///      errors by kind:                      (only when some request failed)
///      scenarios:                           (only with more than one scenario)
///      groups:                              (only when some group was passed)
///      agents:                              (only with more than one agent, unless forced)
///      start skew across agents: 3.2ms (largest clock offset 400µs)
///      note: ...
/// ```
/// Metrics are sorted by name as in k6; names are padded with dots to one column; values use k6's
/// units: decimal bytes, durations via ``DurationFormatter``, rates truncated to two decimals.
/// Lines carry no trailing spaces. Plain text unless ``color`` is set. Names, URLs and notes come
/// from scenario files, peers and journals: they pass through ``TerminalText`` before being shown.
public struct SummaryRenderer: Sendable {
    /// The statistics shown for each trend metric, in order.
    public var trendStats: [TrendStat]
    /// Whether to show the HTTP phase metrics (``TrendMetric/isPhase``), as k6 always does.
    public var showPhases: Bool
    /// Whether to decorate values with ANSI colors as k6 does on a terminal.
    public var color: Bool
    /// Whether to start with the one-line description of the run.
    public var showHeader: Bool
    /// Whether to show the per-agent table even for a single agent (it is always shown for several).
    public var alwaysShowAgents: Bool

    public init(
        trendStats: [TrendStat] = TrendStat.defaults, showPhases: Bool = false, color: Bool = false,
        showHeader: Bool = true, alwaysShowAgents: Bool = false
    ) {
        self.trendStats = trendStats
        self.showPhases = showPhases
        self.color = color
        self.showHeader = showHeader
        self.alwaysShowAgents = alwaysShowAgents
    }

    /// The whole summary for `report`: blocks separated by one blank line, no trailing newline.
    public func render(_ report: RunReport) -> String {
        var blocks: [[String]] = []
        if showHeader { blocks.append([header(report)]) }
        blocks.append(checkLines(report))
        blocks.append(metricLines(report))
        blocks.append(errorLines(report))
        if report.scenarios.count > 1 { blocks.append(scenarioLines(report)) }
        if !report.metrics.groups.isEmpty { blocks.append(groupLines(report)) }
        if alwaysShowAgents || report.agents.count > 1 { blocks.append(agentLines(report)) }
        blocks.append(skewLines(report) + noteLines(report))
        return blocks.filter { !$0.isEmpty }
            .map { $0.map(Self.trimmingTrailingSpaces).joined(separator: "\n") }
            .joined(separator: "\n\n")
    }

    var style: TextStyle { TextStyle(enabled: color) }

    /// `run: <url>, <VUs> VUs, <n> agents, <planned> planned, <elapsed> elapsed[, interrupted (Ctrl-C)]`.
    func header(_ report: RunReport) -> String {
        let agents = report.agents.count == 1 ? "1 agent" : "\(report.agents.count) agents"
        let planned = DurationFormatter.format(.microseconds(report.plannedDurationMicros))
        let elapsed = DurationFormatter.format(micros: Double(report.elapsedMicros))
        var line = "  run: \(TerminalText.escape(report.url)), \(report.plannedVUs ?? report.vusMax) VUs, \(agents), \(planned) planned, \(elapsed) elapsed"
        if report.interrupted { line += ", " + style.apply("interrupted (Ctrl-C)", .red) }
        return line
    }

    /// The leading spaces of every metric line: k6's three-space indent, the threshold mark column, a space.
    static let metricIndent = "     "
    /// The indent of the lines inside a titled block (errors, agents).
    static let blockIndent = "       "

    /// Right-pads `text` with spaces to `width` characters (measured undecorated).
    static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: Swift.max(0, width - text.count))
    }

    /// Left-pads `text` with spaces to `width` characters.
    static func padLeft(_ text: String, to width: Int) -> String {
        String(repeating: " ", count: Swift.max(0, width - text.count)) + text
    }

    static func trimmingTrailingSpaces(_ line: String) -> String {
        String(line.reversed().drop { $0 == " " }.reversed())
    }
}
