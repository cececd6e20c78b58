import Histogram

/// The one histogram layout used everywhere in Barrage: microseconds from 1 µs to 1 hour at
/// 3 significant digits. One layout means `Histogram.add` never traps on a layout mismatch,
/// and every agent's histograms merge losslessly.
public enum LatencyHistogram {
    public static let lowestDiscernibleMicros: UInt64 = 1
    public static let highestTrackableMicros: UInt64 = 3_600_000_000
    public static let significantDigits: SignificantDigits = .three

    /// A new, empty histogram in the standard layout.
    public static func make() -> Histogram<UInt64> {
        Histogram<UInt64>(
            lowestDiscernibleValue: lowestDiscernibleMicros,
            highestTrackableValue: highestTrackableMicros,
            numberOfSignificantValueDigits: significantDigits
        )
    }
}

extension Histogram where Count == UInt64 {
    /// Records a value in microseconds, clamped into the trackable range so that an hour-long stall
    /// is counted at the top instead of dropped.
    @inlinable
    public mutating func recordClamped(micros: Int64) {
        let value = UInt64(clamping: Swift.max(micros, 0))
        _ = record(Swift.min(value, highestTrackableValue))
    }
}
