import Histogram

/// A sample's histograms on the wire: metric name -> base64 HdrHistogram V2 (compressed).
/// Empty histograms are left out to keep samples small.
public enum SampleHistograms {
    public static func encode(_ metrics: MetricsSnapshot) -> [String: String] {
        var encoded: [String: String] = [:]
        for (metric, histogram) in metrics.trends where histogram.totalCount > 0 {
            encoded[metric.name] = HdrV2Codec.encodeBase64(histogram)
        }
        return encoded
    }

    /// Decodes a sample's histograms; unknown metric names are ignored (a newer agent may send more).
    /// - Throws: ``HdrCodecError`` for a histogram that does not decode, or one in another layout
    ///   (it could not be merged losslessly).
    public static func decode(_ encoded: [String: String]) throws(HdrCodecError) -> [TrendMetric: Histogram<UInt64>] {
        var trends: [TrendMetric: Histogram<UInt64>] = [:]
        for (name, text) in encoded {
            guard let metric = TrendMetric(rawValue: name) else { continue }
            let histogram = try HdrV2Codec.decode(base64: text)
            guard histogram.lowestDiscernibleValue == LatencyHistogram.lowestDiscernibleMicros,
                  histogram.numberOfSignificantValueDigits == LatencyHistogram.significantDigits,
                  histogram.highestTrackableValue == LatencyHistogram.highestTrackableMicros else {
                throw .invalidHeader(
                    field: "layout of \(name)",
                    value: "\(histogram.lowestDiscernibleValue)..\(histogram.highestTrackableValue) µs",
                    accepted: "1..3600000000 µs at 3 significant digits")
            }
            trends[metric] = histogram
        }
        return trends
    }
}

extension SampleHistograms {
    /// A snapshot's series and checks as a sample carries them (nil when empty).
    public static func encodeSeries(_ metrics: MetricsSnapshot) -> [SeriesSample]? {
        guard !metrics.series.isEmpty else { return nil }
        return metrics.series.keys.sorted().compactMap { key in
            guard let snapshot = metrics.series[key] else { return nil }
            return SeriesSample(
                name: key.name, method: key.method, status: key.status, counters: snapshot.counters,
                httpReqDuration: HdrV2Codec.encodeBase64(snapshot.histogram(.httpReqDuration)))
        }
    }

    /// The snapshot a whole sample describes: counters, histograms, series and checks.
    /// - Throws: ``HdrCodecError`` for a histogram that does not decode or has another layout.
    public static func snapshot(of sample: Message.Sample) throws(HdrCodecError) -> MetricsSnapshot {
        var snapshot = MetricsSnapshot(counters: sample.counters, trends: try decode(sample.histograms), checks: sample.checks ?? [:])
        for entry in sample.series ?? [] {
            let trends = try decode([TrendMetric.httpReqDuration.name: entry.httpReqDuration])
            let key = SeriesKey(name: entry.name, method: entry.method, status: entry.status)
            snapshot.series[key, default: MetricsSnapshot()].merge(MetricsSnapshot(counters: entry.counters, trends: trends))
        }
        for entry in sample.tags ?? [] {
            var encoded = [TrendMetric.httpReqDuration.name: entry.httpReqDuration]
            if let groupDuration = entry.groupDuration { encoded[TrendMetric.groupDuration.name] = groupDuration }
            snapshot.tagged[entry.tag, default: MetricsSnapshot()].merge(
                MetricsSnapshot(counters: entry.counters, trends: try decode(encoded)))
        }
        for entry in sample.scenarios ?? [] {
            let trends = try decode([
                TrendMetric.httpReqDuration.name: entry.httpReqDuration, TrendMetric.iterationDuration.name: entry.iterationDuration,
            ])
            snapshot.scenarios[entry.name, default: MetricsSnapshot()].merge(MetricsSnapshot(counters: entry.counters, trends: trends))
        }
        return snapshot
    }

    /// A snapshot's scenario parts as a sample carries them (nil when it has none).
    public static func encodeScenarios(_ metrics: MetricsSnapshot) -> [ScenarioSample]? {
        guard !metrics.scenarios.isEmpty else { return nil }
        return metrics.scenarios.keys.sorted().compactMap { name in
            guard let part = metrics.scenarios[name] else { return nil }
            return ScenarioSample(
                name: name, counters: part.counters,
                httpReqDuration: HdrV2Codec.encodeBase64(part.histogram(.httpReqDuration)),
                iterationDuration: HdrV2Codec.encodeBase64(part.histogram(.iterationDuration)))
        }
    }

    /// A snapshot's tag parts as a sample carries them, sorted (nil when it has none).
    public static func encodeTags(_ metrics: MetricsSnapshot) -> [TagSample]? {
        guard !metrics.tagged.isEmpty else { return nil }
        return metrics.tagged.keys.sorted().compactMap { tag in
            guard let part = metrics.tagged[tag] else { return nil }
            return TagSample(
                key: tag.key, value: tag.value, counters: part.counters,
                httpReqDuration: HdrV2Codec.encodeBase64(part.histogram(.httpReqDuration)),
                groupDuration: part.trends[.groupDuration].map { HdrV2Codec.encodeBase64($0) })
        }
    }
}
