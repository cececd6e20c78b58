import BarrageCore
import Histogram

/// What one event loop recorded since its last tick. Owned by the loop thread: recording takes no
/// lock; once a second ``take()`` hands the interval over as a Sendable ``MetricsSnapshot``.
struct LoopMetrics {
    var counters = Counters()
    /// One histogram per ``TrendMetric``, indexed by ``Slot`` so recording avoids dictionary hashing.
    private var histograms: [Histogram<UInt64>]

    enum Slot: Int, CaseIterable {
        case duration, blocked, connecting, tls, sending, waiting, receiving, iteration

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

    init() {
        histograms = Slot.allCases.map { _ in LatencyHistogram.make() }
    }

    @inline(__always)
    mutating func record(_ slot: Slot, micros: Int64) {
        histograms[slot.rawValue].recordClamped(micros: micros)
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
            trends[slot.metric] = histograms[slot.rawValue]
            histograms[slot.rawValue] = LatencyHistogram.make()
        }
        let snapshot = MetricsSnapshot(counters: counters, trends: trends)
        counters = Counters()
        return snapshot
    }
}
