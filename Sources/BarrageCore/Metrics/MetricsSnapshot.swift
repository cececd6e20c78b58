import Histogram

/// Counters and one histogram per trend metric, for one interval or a whole run, with the same
/// per tagged series and per named check.
///
/// The unit of merging: event loops merge into an agent's snapshot, agents' snapshots merge into
/// the coordinator's. Every histogram uses ``LatencyHistogram``'s layout, so merging is lossless.
public struct MetricsSnapshot: Sendable {
    public var counters: Counters
    public var trends: [TrendMetric: Histogram<UInt64>]
    /// The requests again, per `name`/`method`/`status` series (http_req_duration and the request
    /// counters only); empty inside a series.
    public var series: [SeriesKey: MetricsSnapshot]
    /// Each named check's passes and failures (`feed: status is 200`).
    public var checks: [String: CheckTally]
    /// Each scenario's requests and iterations (counters, http_req_duration, iteration_duration),
    /// in a test of several scenarios; empty otherwise and inside a scenario.
    public var scenarios: [String: MetricsSnapshot] = [:]
    /// Per tag a request or a group carries (k6's `group` tag, a request's `tags:`): the requests
    /// sent with it (counters, http_req_duration) and, for a group, its group_duration. Empty
    /// inside a part, and when the flow has no groups and no request tags.
    public var tagged: [Threshold.Tag: MetricsSnapshot] = [:]
    /// Each scenario's `tags:` (from the spec, not the agents), so `{team:payments}` selects the
    /// parts of the scenarios tagged so. Set by whoever merged the run.
    public var scenarioTags: [String: [String: String]] = [:]

    public init(
        counters: Counters = Counters(), trends: [TrendMetric: Histogram<UInt64>] = [:],
        series: [SeriesKey: MetricsSnapshot] = [:], checks: [String: CheckTally] = [:]
    ) {
        self.counters = counters
        self.trends = trends
        self.series = series
        self.checks = checks
    }

    /// An empty snapshot with a histogram for every trend metric.
    public static func empty() -> MetricsSnapshot {
        var trends: [TrendMetric: Histogram<UInt64>] = [:]
        for metric in TrendMetric.allCases { trends[metric] = LatencyHistogram.make() }
        return MetricsSnapshot(trends: trends)
    }

    /// Adds `other`'s counters, histograms, series and checks into `self`.
    public mutating func merge(_ other: MetricsSnapshot) {
        counters.add(other.counters)
        Self.combine(&trends, other.trends) { $0.add($1) }
        Self.combine(&series, other.series) { $0.merge($1) }
        Self.combine(&checks, other.checks) { $0.add($1) }
        Self.combine(&scenarios, other.scenarios) { $0.merge($1) }
        Self.combine(&tagged, other.tagged) { $0.merge($1) }
        for (name, tags) in other.scenarioTags { scenarioTags[name] = tags }
    }

    /// Adds each of `other`'s values into the one `mine` has under its key, in place, or takes it
    /// where `mine` has none.
    private static func combine<Key: Hashable, Value>(_ mine: inout [Key: Value], _ other: [Key: Value], _ add: (inout Value, Value) -> Void) {
        for (key, value) in other {
            if let index = mine.index(forKey: key) {
                add(&mine.values[index], value)
            } else {
                mine[key] = value
            }
        }
    }

    /// The histogram of `metric`, or an empty one.
    public func histogram(_ metric: TrendMetric) -> Histogram<UInt64> {
        trends[metric] ?? LatencyHistogram.make()
    }

    /// The sub-metric selected by `tags` (`{name:feed,status:200}`): the merge of every series
    /// whose tags all match (empty when none does); a scenario's or a tag's part for `{scenario:}`,
    /// a scenario tag, `{group:}` or a request tag; nil when the tags are not one of those.
    public func subMetric(_ tags: [Threshold.Tag]) -> MetricsSnapshot? {
        if tags.contains(where: { isScenarioLevel($0.key) }) { return scenarioMetric(tags) }
        if tags.count == 1, let part = taggedPart(tags[0]) { return part }
        guard tags.allSatisfy({ SeriesKey.tagKeys.contains($0.key) }) else { return nil }
        var selected = MetricsSnapshot()
        for (key, snapshot) in series where tags.allSatisfy({ key.value(ofTag: $0.key) == $0.value }) {
            selected.merge(snapshot)
        }
        return selected
    }

    /// The request names recorded, sorted.
    public var seriesNames: [String] { Set(series.keys.map(\.name)).sorted() }
}

extension MetricsSnapshot {
    /// k6's tag of every metric of a scenario.
    public static let scenarioTag = "scenario"

    /// `{scenario:NAME}` or a scenario tag (`{team:payments}`), or both: the merged parts of the
    /// scenarios that match every tag; nil when a request-level tag comes with them (a scenario's
    /// part carries no series).
    func scenarioMetric(_ tags: [Threshold.Tag]) -> MetricsSnapshot? {
        guard tags.allSatisfy({ isScenarioLevel($0.key) }) else { return nil }
        var selected = MetricsSnapshot()
        for (name, part) in scenarios.sorted(by: { $0.key < $1.key }) {
            let own = scenarioTags[name] ?? [:]
            guard tags.allSatisfy({ $0.key == Self.scenarioTag ? $0.value == name : own[$0.key] == $0.value }) else { continue }
            selected.merge(part)
        }
        return selected
    }

    /// Whether tag `key` selects whole scenarios: `scenario`, or a key some scenario's `tags:` set.
    func isScenarioLevel(_ key: String) -> Bool {
        key == Self.scenarioTag || scenarioTags.values.contains { $0[key] != nil }
    }

    /// What a scenario's part keeps of a snapshot: its counters and ``ScenarioSample/trends``.
    public var scenarioPart: MetricsSnapshot {
        var kept: [TrendMetric: Histogram<UInt64>] = [:]
        for metric in ScenarioSample.trends { kept[metric] = trends[metric] }
        return MetricsSnapshot(counters: counters, trends: kept)
    }

    /// This snapshot with `name`'s part set to all of it: a test of one scenario, whose every
    /// metric carries `scenario: NAME`.
    public func asScenario(_ name: String, tags: [String: String] = [:]) -> MetricsSnapshot {
        var copy = self
        copy.scenarios = [name: scenarioPart]
        copy.scenarioTags = tags.isEmpty ? [:] : [name: tags]
        return copy
    }
}
