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
        for (metric, histogram) in other.trends {
            if trends[metric] == nil {
                trends[metric] = histogram
            } else {
                trends[metric]?.add(histogram)
            }
        }
        for (key, snapshot) in other.series {
            if series[key] == nil {
                series[key] = snapshot
            } else {
                series[key]?.merge(snapshot)
            }
        }
        for (name, tally) in other.checks { checks[name, default: CheckTally()].add(tally) }
        for (name, snapshot) in other.scenarios {
            if scenarios[name] == nil {
                scenarios[name] = snapshot
            } else {
                scenarios[name]?.merge(snapshot)
            }
        }
    }

    /// The histogram of `metric`, or an empty one.
    public func histogram(_ metric: TrendMetric) -> Histogram<UInt64> {
        trends[metric] ?? LatencyHistogram.make()
    }

    /// The sub-metric selected by `tags` (`{name:feed,status:200}`): the merge of every series
    /// whose tags all match (empty when none does); nil when a tag key is not one series carry.
    public func subMetric(_ tags: [Threshold.Tag]) -> MetricsSnapshot? {
        if let scenario = tags.first(where: { $0.key == Self.scenarioTag }) { return scenarioMetric(scenario.value, tags) }
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

    /// `{scenario:NAME}`: the scenario's own counters and trends; nil when other tags come with it
    /// (a scenario's part carries no series).
    func scenarioMetric(_ name: String, _ tags: [Threshold.Tag]) -> MetricsSnapshot? {
        guard tags.count == 1 else { return nil }
        return scenarios[name] ?? MetricsSnapshot()
    }

    /// What a scenario's part keeps of a snapshot: its counters and ``ScenarioSample/trends``.
    public var scenarioPart: MetricsSnapshot {
        var kept: [TrendMetric: Histogram<UInt64>] = [:]
        for metric in ScenarioSample.trends { kept[metric] = trends[metric] }
        return MetricsSnapshot(counters: counters, trends: kept)
    }

    /// This snapshot with `name`'s part set to all of it: a test of one scenario, whose every
    /// metric carries `scenario: NAME`.
    public func asScenario(_ name: String) -> MetricsSnapshot {
        var copy = self
        copy.scenarios = [name: scenarioPart]
        return copy
    }
}
