import BarrageCore
import Histogram

/// What one event loop recorded since its last tick. Owned by the loop thread: recording takes no
/// lock and hashes no string; once a second ``take()`` hands the interval over as a Sendable
/// ``MetricsSnapshot``.
struct LoopMetrics {
    var counters = Counters()
    /// One histogram per recorded ``TrendMetric``, indexed by ``Slot``; nil for metrics not asked
    /// for (each histogram is ~190 KB).
    private var histograms: [Histogram<UInt64>?]
    /// Per request of the flow, its statuses seen this interval (a handful: linear search).
    private var series: [[SeriesSlot]]
    /// One per check of the flow, in ``CheckList`` order (each request's, then the loops').
    private var checkTallies: [CheckTally]
    private let checks: CheckList
    private let requests: [RequestSpec]
    /// Per group of the flow, its durations this interval (group_duration).
    private var groupHistograms: [Histogram<UInt64>]
    /// Per group of the flow, its tag (`group: ::a::b`).
    private let groupTags: [Threshold.Tag]
    /// Per request of the flow, the tag parts its series count in again: its group's and its
    /// `tags:`. Empty for every request of a flow without groups or request tags.
    private let requestTags: [[Threshold.Tag]]

    enum Slot: Int, CaseIterable {
        case duration, blocked, connecting, tls, sending, waiting, receiving, iteration, corrected

        var metric: TrendMetric {
            switch self {
            case .duration: return .httpReqDuration
            case .blocked: return .httpReqBlocked
            case .connecting: return .httpReqConnecting
            case .tls: return .httpReqTLSHandshaking
            case .sending: return .httpReqSending
            case .waiting: return .httpReqWaiting
            case .receiving: return .httpReqReceiving
            case .iteration: return .iterationDuration
            case .corrected: return .httpReqDurationCorrected
            }
        }
    }

    struct SeriesSlot {
        var status: Int
        /// A redirect hop sent as GET after a POST (303, or 301/302): tagged `GET`, not the
        /// request's method.
        var asGET = false
        var counters = Counters()
        var histogram = LatencyHistogram.make()
    }

    /// - Parameters:
    ///   - recordPhases: also record blocked, connecting, tls_handshaking and sending (waiting and
    ///     receiving feed the load-generator insights, so they are always recorded).
    ///   - recordCorrected: record http_req_duration_corrected (arrival-rate executors).
    init(program: FlowProgram, recordPhases: Bool, recordCorrected: Bool) {
        let requests = program.requests.map(\.spec)
        self.requests = requests
        let enabled = Slot.allCases.map { slot in
            switch slot {
            case .blocked, .connecting, .tls, .sending: return recordPhases
            case .corrected: return recordCorrected
            default: return true
            }
        }
        histograms = enabled.map { $0 ? LatencyHistogram.make() : nil }
        series = Array(repeating: [], count: requests.count)
        checks = program.checks
        checkTallies = Array(repeating: CheckTally(), count: checks.names.count)
        groupHistograms = program.groups.map { _ in LatencyHistogram.make() }
        let groupTags = program.groups.map { Threshold.Tag(key: MetricsSnapshot.groupTag, value: $0) }
        self.groupTags = groupTags
        requestTags = program.requests.map { request in
            (request.group.map { [groupTags[$0]] } ?? []) + (request.spec.tags ?? []).map { Threshold.Tag(key: $0.name, value: $0.value) }
        }
    }

    @inline(__always)
    mutating func record(_ slot: Slot, micros: Int64) {
        histograms[slot.rawValue]?.recordClamped(micros: micros)
    }

    mutating func record(_ timings: RequestTimings) {
        record(.duration, micros: timings.duration)
        record(.blocked, micros: timings.blocked)
        record(.connecting, micros: timings.connecting)
        record(.tls, micros: timings.tlsHandshaking)
        record(.sending, micros: timings.sending)
        record(.waiting, micros: timings.waiting)
        record(.receiving, micros: timings.receiving)
    }

    /// Counts one request of request `index` again under its `name`/`method`/`status` series
    /// (a redirect hop keeps the request's name, as in k6).
    /// - Returns: the series slot, for the request's checks.
    @discardableResult
    mutating func recordSeries(
        request index: Int, status: Int, asGET: Bool = false, durationMicros: Int64, failed: Bool, received: UInt64, sent: UInt64
    ) -> Int {
        var slot = series[index].firstIndex { $0.status == status && $0.asGET == asGET } ?? -1
        if slot < 0 {
            series[index].append(SeriesSlot(status: status, asGET: asGET))
            slot = series[index].count - 1
        }
        series[index][slot].counters.httpReqs += 1
        if failed { series[index][slot].counters.httpReqFailed += 1 }
        series[index][slot].counters.dataReceivedBytes += received
        series[index][slot].counters.dataSentBytes += sent
        series[index][slot].histogram.recordClamped(micros: durationMicros)
        return slot
    }

    /// Counts check `check` of request `index` (and in the request's series `slot`).
    mutating func recordCheck(request index: Int, check: Int, slot: Int, passed: Bool) {
        tally(checks.requestOffsets[index] + check, passed: passed)
        if passed { series[index][slot].counters.checksPassed += 1 } else { series[index][slot].counters.checksFailed += 1 }
    }

    /// Counts while loop `check`'s max check (``FlowProgram/loopChecks``).
    mutating func recordLoopCheck(_ check: Int, passed: Bool) {
        tally(checks.loopOffset + check, passed: passed)
    }

    private mutating func tally(_ position: Int, passed: Bool) {
        if passed {
            counters.checksPassed += 1
            checkTallies[position].passes += 1
        } else {
            counters.checksFailed += 1
            checkTallies[position].fails += 1
        }
    }

    /// Records one pass through group `group` (``FlowProgram/groups``).
    mutating func recordGroup(_ group: Int, micros: Int64) {
        groupHistograms[group].recordClamped(micros: micros)
    }

    /// Returns the interval recorded so far and starts a new one.
    mutating func take() -> MetricsSnapshot {
        var trends: [TrendMetric: Histogram<UInt64>] = [:]
        for slot in Slot.allCases {
            guard let histogram = histograms[slot.rawValue] else { continue }
            trends[slot.metric] = histogram
            histograms[slot.rawValue] = LatencyHistogram.make()
        }
        let parts = takeTagParts(into: &trends)
        var tagged: [SeriesKey: MetricsSnapshot] = [:]
        for (index, slots) in series.enumerated() {
            for slot in slots {
                let method = slot.asGET ? "GET" : requests[index].method
                let key = SeriesKey(name: requests[index].name, method: method, status: slot.status)
                tagged[key, default: MetricsSnapshot()].merge(
                    MetricsSnapshot(counters: slot.counters, trends: [.httpReqDuration: slot.histogram]))
            }
            series[index].removeAll(keepingCapacity: true)
        }
        var checks: [String: CheckTally] = [:]
        for (index, tally) in checkTallies.enumerated() where tally.passes + tally.fails > 0 {
            checks[self.checks.names[index], default: CheckTally()].add(tally)
            checkTallies[index] = CheckTally()
        }
        var snapshot = MetricsSnapshot(counters: counters, trends: trends, series: tagged, checks: checks)
        snapshot.tagged = parts
        counters = Counters()
        return snapshot
    }

    /// The interval's group passes and tagged requests, per tag; every group's passes also go
    /// into `trends`' group_duration. Called by ``take()`` before it clears the series.
    private mutating func takeTagParts(into trends: inout [TrendMetric: Histogram<UInt64>]) -> [Threshold.Tag: MetricsSnapshot] {
        var parts: [Threshold.Tag: MetricsSnapshot] = [:]
        for group in groupHistograms.indices where groupHistograms[group].totalCount > 0 {
            parts[groupTags[group], default: MetricsSnapshot()].trends[.groupDuration] = groupHistograms[group]
            trends[.groupDuration, default: LatencyHistogram.make()].add(groupHistograms[group])
            groupHistograms[group] = LatencyHistogram.make()
        }
        for (index, tags) in requestTags.enumerated() where !tags.isEmpty {
            for slot in series[index] {
                for tag in tags {
                    parts[tag, default: MetricsSnapshot()].counters.add(slot.counters)
                    parts[tag, default: MetricsSnapshot()].trends[.httpReqDuration, default: LatencyHistogram.make()].add(slot.histogram)
                }
            }
        }
        return parts
    }
}
