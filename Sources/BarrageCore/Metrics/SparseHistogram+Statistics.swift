/// The statistics of a ``SparseHistogram``, computed on its buckets exactly as hdrhistogram-swift
/// computes them on the dense histogram the buckets make (``SparseHistogram/dense``): same
/// minimum, maximum, mean and percentiles, bit for bit.
///
/// Why not just ask the dense histogram: building one allocates and zeroes ~190 KB, and its
/// `mean` and `valueAtPercentile` run unspecialized generic code over every slot of the counts
/// array; per closed second and per series that was a tenth of the coordinator's CPU.
extension SparseHistogram {
    /// The lowest and highest value of the bucket holding `value` (``LatencyHistogram``'s layout).
    private static func range(of value: UInt64) -> ClosedRange<UInt64> {
        let layout = HdrV2Codec.latencyLayout
        return layout.valueRange(at: layout.index(of: value)) ?? value...value
    }

    /// The lowest value recorded (the lowest bucket's lowest value); 0 when empty.
    public var minimum: UInt64 { totalCount > 0 ? buckets.first?.value ?? 0 : 0 }

    /// The highest value recorded (the highest bucket's top, as a V2 decode sets it); 0 when empty.
    public var maximum: UInt64 { highestValue ?? 0 }

    /// The mean, each bucket counted at its middle value (µs); 0 when empty.
    public var mean: Double {
        guard totalCount > 0 else { return 0 }
        var total = 0.0
        for bucket in buckets {
            let range = Self.range(of: bucket.value)
            let middle = range.lowerBound + ((range.upperBound - range.lowerBound + 1) >> 1)
            total += Double(middle) * Double(bucket.count)
        }
        return total / Double(totalCount)
    }

    /// The value at `percentile` (0...100): the top of the bucket where the cumulative count
    /// reaches that share, kept within the minimum and maximum; 0 when empty.
    public func valueAtPercentile(_ percentile: Double) -> UInt64 {
        guard totalCount > 0 else { return 0 }
        guard percentile != 0 else { return minimum }
        guard percentile < 100 else { return maximum }
        // One ulp less, so rounding cannot step into the next bucket (as HdrHistogram does).
        let requested = Swift.min(Swift.max(percentile.nextDown, 0), 100)
        let wanted = (requested * Double(totalCount) / 100).rounded(.up)
        let countAtPercentile = Swift.max(1, wanted >= 18_446_744_073_709_551_615 ? UInt64.max : UInt64(wanted))
        var cumulative: UInt64 = 0
        for bucket in buckets {
            cumulative = cumulative.addingSaturating(bucket.count)
            if cumulative >= countAtPercentile {
                return Swift.max(Swift.min(Self.range(of: bucket.value).upperBound, maximum), minimum)
            }
        }
        return 0
    }
}
