import BarrageCore
import Histogram

/// What one event loop recorded since its last tick. Owned by the loop thread: recording takes no
/// lock; once a second ``take()`` hands the interval over as a Sendable ``MetricsSnapshot``.
struct LoopMetrics {
    var counters = Counters()
    /// One histogram per recorded ``TrendMetric``, indexed by ``Slot`` so recording avoids
    /// dictionary hashing; nil for phases not asked for (each histogram is ~190 KB).
    private var histograms: [Histogram<UInt64>?]

    enum Slot: Int, CaseIterable {
        case duration, blocked, connecting, tls, sending, waiting, receiving, iteration

        /// Phases only the verbose summary shows; waiting and receiving also feed the
        /// load-generator insights, so they are always recorded.
        var isOptional: Bool {
            switch self {
            case .blocked, .connecting, .tls, .sending: return true
            default: return false
            }
        }

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
            }
        }
    }

    private let recordPhases: Bool

    init(recordPhases: Bool) {
        self.recordPhases = recordPhases
        histograms = Slot.allCases.map { recordPhases || !$0.isOptional ? LatencyHistogram.make() : nil }
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

    /// Returns the interval recorded so far and starts a new one.
    mutating func take() -> MetricsSnapshot {
        var trends: [TrendMetric: Histogram<UInt64>] = [:]
        for slot in Slot.allCases {
            guard let histogram = histograms[slot.rawValue] else { continue }
            trends[slot.metric] = histogram
            histograms[slot.rawValue] = LatencyHistogram.make()
        }
        let snapshot = MetricsSnapshot(counters: counters, trends: trends)
        counters = Counters()
        return snapshot
    }
}
