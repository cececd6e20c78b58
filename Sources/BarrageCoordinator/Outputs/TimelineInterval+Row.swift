import BarrageCore

extension TimelineInterval {
    /// The second as the outputs show it: counters, VUs, per-agent shares and the latency
    /// statistics of the merged histogram (computed when the second closed).
    public var row: SecondRow {
        var row = SecondRow(
            startMicros: startMicros, lengthMicros: lengthMicros, counters: counters, activeVUs: activeVUs,
            latency: latency, agents: agents)
        row.series = series
        return row
    }
}
