import BarrageCore
import BarrageResults

/// The run's seconds, merged over agents: samples go into the second they belong to while it is
/// open; a second closes once every running agent has reported it (or three seconds later) and
/// becomes a ``SecondRow`` value, handed out once with its histogram and agent shares.
///
/// A second's histograms stay sparse (``SparseHistogram``: the buckets its samples hold), so
/// opening a second allocates no ~190 KB dense histogram per metric and series, and its
/// statistics walk a few hundred buckets, not every slot of the layout.
struct TimelineMerge {
    /// One open second: the row being summed and the histograms being merged.
    private struct OpenSecond {
        var row: SecondRow
        var duration = SparseHistogram()
        var series: [SeriesKey: (counters: Counters, duration: SparseHistogram)] = [:]
        /// The agents' shares with their positions, kept in agent order.
        var shares: [(agent: Int, share: JournalAgentSecond)] = []
    }

    private var open: [UInt64: OpenSecond] = [:]
    /// Closed seconds, stripped of histograms and shares (the report page charts them).
    private var closed: [UInt64: SecondRow] = [:]
    /// VUs running at each second's end and allocated VUs, summed over agents (late ones too).
    private(set) var activeBySeq: [UInt64: Int] = [:]
    private var allocatedBySeq: [UInt64: Int] = [:]

    /// Adds agent `agent`'s sample of second `sample.seq`.
    /// - Parameters:
    ///   - startMicros: the sample's start in the coordinator's clock.
    ///   - decoded: the sample's histograms, decoded once by the caller.
    ///   - share: the sample as the journal keeps it.
    /// - Returns: false when that second had already closed (the caller hands the share on as late).
    mutating func add(
        _ sample: Message.Sample, agent: Int, startMicros: Int64, decoded: SparseSample, share: JournalAgentSecond
    ) -> Bool {
        activeBySeq[sample.seq, default: 0] += sample.activeVUs
        if let allocated = sample.vusMax { allocatedBySeq[sample.seq, default: 0] += allocated }
        guard closed[sample.seq] == nil else { return false }
        // Taken out and put back: a copy would share the bucket and share arrays with the
        // dictionary's entry and copy them on the first write.
        var second = open.removeValue(forKey: sample.seq) ?? OpenSecond(row: SecondRow(
            startMicros: startMicros, lengthMicros: sample.intervalMicros, counters: Counters(), activeVUs: 0,
            latency: .zero, agents: []))
        second.row.seq = sample.seq
        second.row.startMicros = min(second.row.startMicros, startMicros)
        second.row.lengthMicros = max(second.row.lengthMicros, sample.intervalMicros)
        second.row.counters.add(sample.counters)
        second.row.activeVUs += sample.activeVUs
        if let duration = decoded.trends[.httpReqDuration] { second.duration.add(duration) }
        for (key, entry) in decoded.series {
            var merged = second.series.removeValue(forKey: key) ?? (Counters(), SparseHistogram())
            merged.counters.add(entry.counters)
            merged.duration.add(entry.duration)
            second.series[key] = merged
        }
        let position = second.shares.firstIndex { $0.agent > agent } ?? second.shares.endIndex
        second.shares.insert((agent, share), at: position)
        open[sample.seq] = second
        return true
    }

    /// Closes the open seconds before `seq`, oldest first, returning each as a value with its
    /// merged histogram, per-series statistics and agent shares.
    mutating func close(before seq: UInt64) -> [SecondRow] {
        var rows: [SecondRow] = []
        for key in open.keys.sorted() where key < seq {
            guard let second = open.removeValue(forKey: key) else { continue }
            var row = second.row
            row.latency = LatencySummary(second.duration)
            row.series = second.series.keys.sorted().compactMap { key in
                second.series[key].map { SeriesSecond(key: key, counters: $0.counters, latency: LatencySummary($0.duration)) }
            }
            row.agents = second.shares.map(\.share.agentSecond)
            closed[key] = row
            row.httpReqDuration = second.duration
            row.shares = second.shares.map(\.share)
            rows.append(row)
        }
        return rows
    }

    /// The closed seconds in order.
    var rows: [SecondRow] { closed.keys.sorted().compactMap { closed[$0] } }

    /// The fewest VUs running at a second's end, leaving out the last second (the run winding down).
    var steadyMinimumVUs: Int { activeBySeq.keys.sorted().dropLast().compactMap { activeBySeq[$0] }.min() ?? 0 }
    var maximumVUs: Int { activeBySeq.values.max() ?? 0 }
    var maximumAllocatedVUs: Int? { allocatedBySeq.values.max() }
}
