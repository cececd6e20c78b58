import BarrageCore
import Histogram

/// The end-of-test summary as JSON in the shape of k6's `--summary-export` (k6's legacy export),
/// plus Barrage's own facts under a top-level `barrage` key.
///
/// ```
/// {
///     "barrage": { "agents": [...], "errors": {...}, "interrupted": false, "start_skew_ms": 3.2, ... },
///     "metrics": {
///         "checks": { "fails": 0, "passes": 150000, "value": 1 },
///         "data_received": { "count": 7200000000, "rate": 40000000 },
///         "http_req_duration": { "avg": 1220.5, "max": 4500, "med": 1010, "min": 10.2, "p(90)": 1800, ... },
///         "http_req_failed": { "fails": 150000, "passes": 0, "value": 0 },
///         "vus": { "max": 1000, "min": 1000, "value": 1000 },
///         ...
///     },
///     "root_group": { "checks": { "status is expected": {...} }, "groups": {}, "id": "...", "name": "", "path": "" }
/// }
/// ```
/// As in k6: trend values are in milliseconds; counters are `count` and `rate` per second; a rate
/// metric's `passes` counts its non-zero samples, so `http_req_failed.passes` is the number of
/// FAILED requests and `value` the failed fraction; gauges are `value`, `min`, `max`. The check
/// carries no `id` (k6's is an MD5 of its path). Keys are sorted, so the text is deterministic;
/// it is written by ``JSONValue``, not Foundation.
public enum SummaryExport {
    /// The name of Barrage's one built-in check (the response status is an expected one).
    public static let defaultCheckName = "status is expected"

    /// The export text for `report`, without a trailing newline.
    /// - Parameters:
    ///   - report: the run to describe.
    ///   - trendStats: the statistics written for each trend metric (k6 writes its summary trend stats).
    ///   - includePhases: whether to write the HTTP phase metrics too; k6 always does.
    ///   - checkName: the name under which the check appears in `root_group`.
    public static func json(
        _ report: RunReport, trendStats: [TrendStat] = TrendStat.defaults, includePhases: Bool = true,
        checkName: String = defaultCheckName
    ) -> String {
        JSONValue.object([
            "root_group": rootGroup(report, checkName: checkName),
            "metrics": metrics(report, trendStats: trendStats, includePhases: includePhases),
            "barrage": barrage(report),
        ]).rendered()
    }

    /// k6's root group with the one check; `id` is k6's id of the root group (the MD5 of its empty path).
    static func rootGroup(_ report: RunReport, checkName: String) -> JSONValue {
        let counters = report.metrics.counters
        return .object([
            "name": .string(""),
            "path": .string(""),
            "id": .string("d41d8cd98f00b204e9800998ecf8427e"),
            "groups": .object([:]),
            "checks": .object(checks(report, defaultName: checkName)),
        ])
    }

    /// The named checks, or Barrage's one default check when the report has none by name.
    static func checks(_ report: RunReport, defaultName: String) -> [String: JSONValue] {
        var tallies = report.metrics.checks
        if tallies.isEmpty {
            tallies[defaultName] = CheckTally(passes: report.metrics.counters.checksPassed, fails: report.metrics.counters.checksFailed)
        }
        var checks: [String: JSONValue] = [:]
        for (name, tally) in tallies {
            checks[name] = .object([
                "name": .string(name),
                "path": .string("::" + name),
                "passes": .count(tally.passes),
                "fails": .count(tally.fails),
            ])
        }
        return checks
    }

    static func metrics(_ report: RunReport, trendStats: [TrendStat], includePhases: Bool) -> JSONValue {
        let counters = report.metrics.counters
        func counter(_ count: UInt64) -> JSONValue {
            .object(["count": .count(count), "rate": .number(report.perSecond(count))])
        }
        func gauge(_ value: Int, min: Int, max: Int) -> JSONValue {
            .object(["value": .integer(Int64(value)), "min": .integer(Int64(min)), "max": .integer(Int64(max))])
        }
        var metrics: [String: JSONValue] = [
            MetricName.checks: checksRate(counters),
            MetricName.httpReqFailed: failedRate(counters),
            MetricName.dataReceived: counter(counters.dataReceivedBytes),
            MetricName.dataSent: counter(counters.dataSentBytes),
            MetricName.httpReqs: counter(counters.httpReqs),
            MetricName.iterations: counter(counters.iterations),
            MetricName.vus: gauge(report.vus, min: report.vusMin, max: report.vusMax),
            MetricName.vusMax: gauge(report.vusMaxGauge, min: report.vusMaxGauge, max: report.vusMaxGauge),
        ]
        if counters.droppedIterations > 0 { metrics[MetricName.droppedIterations] = counter(counters.droppedIterations) }
        for metric in SummaryRenderer.trendMetrics(report, showPhases: includePhases) {
            metrics[metric.name] = trend(report.metrics.histogram(metric), trendStats: trendStats)
        }
        for name in report.requestNames {
            let tags = [Threshold.Tag(key: "name", value: name)]
            guard let sub = report.metrics.subMetric(tags) else { continue }
            metrics[MetricName.httpReqDuration + "{name:\(name)}"] = trend(sub.histogram(.httpReqDuration), trendStats: trendStats)
            metrics[MetricName.httpReqs + "{name:\(name)}"] = counter(sub.counters.httpReqs)
        }
        for scenario in report.scenarios {
            let part = report.metrics.scenarios[scenario.name] ?? MetricsSnapshot()
            let tag = "{\(MetricsSnapshot.scenarioTag):\(scenario.name)}"
            metrics[MetricName.httpReqs + tag] = counter(part.counters.httpReqs)
            metrics[MetricName.iterations + tag] = counter(part.counters.iterations)
            metrics[MetricName.httpReqDuration + tag] = trend(part.histogram(.httpReqDuration), trendStats: trendStats)
        }
        for group in report.metrics.groups {
            let tag = "{\(MetricsSnapshot.groupTag):\(group.path)}"
            metrics[TrendMetric.groupDuration.name + tag] = trend(group.part.histogram(.groupDuration), trendStats: trendStats)
        }
        // As k6's export: each metric lists its thresholds' sources, true when the threshold FAILED.
        for result in report.thresholdResults where metrics[result.metricName] == nil && !result.threshold.tags.isEmpty {
            guard let sub = report.metrics.subMetric(result.threshold.tags) else { continue }
            switch result.threshold.thresholdMetric {
            case .trend(let trendMetric)?: metrics[result.metricName] = trend(sub.histogram(trendMetric), trendStats: trendStats)
            case .httpReqs?: metrics[result.metricName] = counter(sub.counters.httpReqs)
            case .iterations?: metrics[result.metricName] = counter(sub.counters.iterations)
            case .httpReqFailed?: metrics[result.metricName] = failedRate(sub.counters)
            case .checks?: metrics[result.metricName] = checksRate(sub.counters)
            default: break
            }
        }
        for result in report.thresholdResults {
            var entry: [String: JSONValue] = [:]
            if case .object(let fields)? = metrics[result.metricName] { entry = fields }
            var thresholds: [String: JSONValue] = [:]
            if case .object(let existing)? = entry["thresholds"] { thresholds = existing }
            let failedBefore: Bool
            if case .bool(let failed)? = thresholds[result.text] { failedBefore = failed } else { failedBefore = false }
            thresholds[result.text] = .bool(failedBefore || !result.passed)
            entry["thresholds"] = .object(thresholds)
            metrics[result.metricName] = .object(entry)
        }
        return .object(metrics)
    }

    /// k6's `checks` rate: passes, fails and the passed fraction.
    static func checksRate(_ counters: Counters) -> JSONValue {
        .object([
            "passes": .count(counters.checksPassed),
            "fails": .count(counters.checksFailed),
            "value": .number(RunReport.fraction(counters.checksPassed, of: counters.checksPassed + counters.checksFailed)),
        ])
    }

    /// k6's `http_req_failed` rate: `passes` counts the FAILED requests, `value` is their fraction.
    static func failedRate(_ counters: Counters) -> JSONValue {
        .object([
            "passes": .count(counters.httpReqFailed),
            "fails": .count(counters.httpReqsNotFailed),
            "value": .number(RunReport.fraction(counters.httpReqFailed, of: counters.httpReqs)),
        ])
    }

    /// One trend metric: each stat in milliseconds, `count` as a plain number.
    static func trend(_ histogram: Histogram<UInt64>, trendStats: [TrendStat]) -> JSONValue {
        var values: [String: JSONValue] = [:]
        for stat in trendStats {
            let value = stat.value(in: histogram)
            values[stat.description] = stat.isDuration ? .number(value / 1000) : .number(value)
        }
        return .object(values)
    }

    /// Barrage's additions: per-agent rows, errors by kind, skew, and how the run ended.
    static func barrage(_ report: RunReport) -> JSONValue {
        var errors: [String: JSONValue] = [:]
        for (kind, count) in report.metrics.counters.errors where count > 0 {
            errors[kind.rawValue] = .count(count)
        }
        return .object([
            "url": .string(report.url),
            "elapsed_s": .number(report.elapsedSeconds),
            "planned_duration_s": .number(Double(report.plannedDurationMicros) / 1_000_000),
            "interrupted": .bool(report.interrupted),
            "errors": .object(errors),
            "start_skew_ms": .optional(report.startSkewMicros.map { Double($0) / 1000 }),
            "max_clock_offset_ms": .optional(report.maxClockOffsetMicros.map { Double($0) / 1000 }),
            "agents": .array(report.agents.map { agent(report, $0) }),
            "notes": .array(report.notes.map(JSONValue.string)),
        ])
    }

    static func agent(_ report: RunReport, _ agent: AgentReport) -> JSONValue {
        let counters = agent.metrics.counters
        let p95 = agent.metrics.histogram(.httpReqDuration).valueAtPercentile(95)
        return .object([
            "name": .string(agent.name),
            "address": .string(agent.address),
            "vus": .integer(Int64(agent.vus)),
            "http_reqs": .count(counters.httpReqs),
            "req_per_s": .number(agent.perSecond(counters.httpReqs, runElapsedMicros: report.elapsedMicros)),
            "data_received": .count(counters.dataReceivedBytes),
            "cpu_percent": .optional(agent.cpuPercent),
            "errors": .count(counters.totalErrors),
            "p95_ms": .number(Double(p95) / 1000),
            "lost": .bool(agent.lost),
            "lost_at_s": .optional(agent.lost ? agent.lostAtMicros.map { Double($0) / 1_000_000 } : nil),
        ])
    }
}
