import BarrageCore

extension TimelineInterval {
    /// The second as the outputs show it: counters, VUs, per-agent shares and the latency
    /// statistics of the merged histogram (empty statistics if it does not decode).
    public var row: SecondRow {
        let histogram = (try? HdrV2Codec.decode(base64: httpReqDurationBase64)) ?? LatencyHistogram.make()
        var row = SecondRow(
            startMicros: startMicros, lengthMicros: lengthMicros, counters: counters, activeVUs: activeVUs,
            latency: LatencySummary(histogram), agents: agents)
        row.series = series
        return row
    }
}
