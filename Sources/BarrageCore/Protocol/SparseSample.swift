import Histogram

/// What one `sample` adds, decoded once into non-empty buckets (``SparseHistogram``), so the
/// coordinator adds it into the run's merge, the agent's totals and the second's bucket without a
/// dense intermediate per histogram.
public struct SparseSample: Sendable {
    public var counters: Counters
    public var trends: [TrendMetric: SparseHistogram]
    public var series: [SeriesKey: (counters: Counters, duration: SparseHistogram)]
    public var checks: [String: CheckTally]
    /// Each scenario's part (a test of several scenarios): counters and its two trends.
    public var scenarios: [String: (counters: Counters, trends: [TrendMetric: SparseHistogram])]
    /// Each group's and request tag's part: counters, http_req_duration and group_duration.
    public var tagged: [Threshold.Tag: (counters: Counters, trends: [TrendMetric: SparseHistogram])]

    /// Decodes every histogram of `sample`; unknown metric names are ignored (a newer agent may
    /// send more).
    /// - Throws: ``HdrCodecError`` for a histogram that does not decode or has another layout.
    public init(_ sample: Message.Sample) throws(HdrCodecError) {
        counters = sample.counters
        checks = sample.checks ?? [:]
        trends = [:]
        for (name, text) in sample.histograms {
            guard let metric = TrendMetric(rawValue: name) else { continue }
            trends[metric] = try HdrV2Codec.decodeSparse(base64: text)
        }
        scenarios = [:]
        for entry in sample.scenarios ?? [] {
            var part = scenarios[entry.name] ?? (Counters(), [:])
            part.counters.add(entry.counters)
            for (metric, text) in [(TrendMetric.httpReqDuration, entry.httpReqDuration), (.iterationDuration, entry.iterationDuration)] {
                let histogram = try HdrV2Codec.decodeSparse(base64: text)
                if part.trends[metric] == nil { part.trends[metric] = histogram } else { part.trends[metric]?.add(histogram) }
            }
            scenarios[entry.name] = part
        }
        tagged = [:]
        for entry in sample.tags ?? [] {
            var part = tagged[entry.tag] ?? (Counters(), [:])
            part.counters.add(entry.counters)
            var texts = [(TrendMetric.httpReqDuration, entry.httpReqDuration)]
            if let groupDuration = entry.groupDuration { texts.append((.groupDuration, groupDuration)) }
            for (metric, text) in texts {
                let histogram = try HdrV2Codec.decodeSparse(base64: text)
                if part.trends[metric] == nil { part.trends[metric] = histogram } else { part.trends[metric]?.add(histogram) }
            }
            tagged[entry.tag] = part
        }
        series = [:]
        for entry in sample.series ?? [] {
            let key = SeriesKey(name: entry.name, method: entry.method, status: entry.status)
            let duration = try HdrV2Codec.decodeSparse(base64: entry.httpReqDuration)
            if let existing = series[key] {
                // A repeated key in one sample: keep both (a well-behaved agent sends each once).
                var counters = existing.counters
                counters.add(entry.counters)
                var merged = existing.duration
                merged.add(duration)
                series[key] = (counters, merged)
            } else {
                series[key] = (entry.counters, duration)
            }
        }
    }

    /// The mean of `metric` (µs), 0 when absent.
    public func mean(_ metric: TrendMetric) -> Double { trends[metric]?.mean ?? 0 }
}

extension MetricsSnapshot {
    /// Adds `sample` (counters, checks and, of the histograms, those in `metrics`; all by default)
    /// straight into this snapshot's histograms.
    public mutating func merge(_ sample: SparseSample, metrics: Set<TrendMetric>? = nil, includeSeries: Bool = true) {
        counters.add(sample.counters)
        for (metric, sparse) in sample.trends where metrics?.contains(metric) ?? true {
            sparse.add(into: &trends[metric, default: LatencyHistogram.make()])
        }
        if includeSeries {
            for (key, entry) in sample.series {
                // In place: a copy out of the dictionary would share the histogram's storage and
                // copy all ~190 KB of it on the first write.
                series[key, default: MetricsSnapshot()].counters.add(entry.counters)
                entry.duration.add(into: &series[key, default: MetricsSnapshot()].trends[.httpReqDuration, default: LatencyHistogram.make()])
            }
        }
        for (name, tally) in sample.checks { checks[name, default: CheckTally()].add(tally) }
        for (name, part) in sample.scenarios {
            scenarios[name, default: MetricsSnapshot()].counters.add(part.counters)
            for (metric, sparse) in part.trends {
                sparse.add(into: &scenarios[name, default: MetricsSnapshot()].trends[metric, default: LatencyHistogram.make()])
            }
        }
        for (tag, part) in sample.tagged {
            tagged[tag, default: MetricsSnapshot()].counters.add(part.counters)
            for (metric, sparse) in part.trends where sparse.totalCount > 0 {
                sparse.add(into: &tagged[tag, default: MetricsSnapshot()].trends[metric, default: LatencyHistogram.make()])
            }
        }
    }
}
