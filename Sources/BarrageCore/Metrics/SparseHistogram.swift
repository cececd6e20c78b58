import Histogram

/// A histogram as the non-empty buckets of ``LatencyHistogram``'s layout: what a decoded V2
/// payload is before it is added anywhere.
///
/// Merging a sample used to decode every histogram into a dense ``LatencyHistogram`` (~190 KB,
/// allocated and zeroed) and add that densely into each target; adding the few hundred non-empty
/// buckets straight into the targets costs what the sample holds, not what the layout could hold.
/// The result is the same histogram (the same counts per bucket, the same maximum).
public struct SparseHistogram: Sendable, Equatable {
    /// One non-empty bucket: its lowest value (as V2 decoders record it) and its count.
    public struct Bucket: Sendable, Equatable {
        public var value: UInt64
        public var count: UInt64
    }

    /// Buckets in increasing value order.
    public private(set) var buckets: [Bucket] = []
    public private(set) var totalCount: UInt64 = 0
    /// The top of the highest non-empty bucket (the maximum a dense decode reports).
    public private(set) var highestValue: UInt64?

    public init() {}

    mutating func append(value: UInt64, count: UInt64, top: UInt64) {
        buckets.append(Bucket(value: value, count: count))
        totalCount &+= count  // the decoder has already refused totals that overflow
        highestValue = top
    }

    /// Adds `other`'s buckets into this one (a merge of two sorted bucket lists), so a total of
    /// many samples stays as small as the distinct buckets it has seen.
    /// Saturating: counts a hostile agent inflates stop at `UInt64.max`.
    public mutating func add(_ other: SparseHistogram) {
        guard !other.buckets.isEmpty || other.highestValue != nil else { return }
        if buckets.isEmpty {
            let total = totalCount
            let highest = highestValue
            self = other
            totalCount = total.addingSaturating(other.totalCount)
            highestValue = Swift.max(highest ?? 0, other.highestValue ?? 0)
            return
        }
        if !addInPlace(other) { addMerging(other) }
        totalCount = totalCount.addingSaturating(other.totalCount)
        highestValue = Swift.max(highestValue ?? 0, other.highestValue ?? 0)
    }

    /// Adds `other`'s counts where this histogram already has every one of its buckets (a run's
    /// or an agent's total, after the first seconds): no allocation, one walk. Returns false,
    /// changing nothing, when a bucket is new.
    private mutating func addInPlace(_ other: SparseHistogram) -> Bool {
        guard other.buckets.count <= buckets.count else { return false }
        var mine = 0
        for bucket in other.buckets {
            while mine < buckets.count, buckets[mine].value < bucket.value { mine += 1 }
            guard mine < buckets.count, buckets[mine].value == bucket.value else { return false }
            mine += 1
        }
        mine = 0
        buckets.withUnsafeMutableBufferPointer { target in
            for bucket in other.buckets {
                while target[mine].value < bucket.value { mine += 1 }
                target[mine].count = target[mine].count.addingSaturating(bucket.count)
                mine += 1
            }
        }
        return true
    }

    /// The general case: a new sorted list holding both.
    private mutating func addMerging(_ other: SparseHistogram) {
        var merged: [Bucket] = []
        merged.reserveCapacity(buckets.count + other.buckets.count)
        var mine = 0
        var theirs = 0
        while mine < buckets.count, theirs < other.buckets.count {
            let a = buckets[mine]
            let b = other.buckets[theirs]
            if a.value == b.value {
                merged.append(Bucket(value: a.value, count: a.count.addingSaturating(b.count)))
                mine += 1
                theirs += 1
            } else if a.value < b.value {
                merged.append(a)
                mine += 1
            } else {
                merged.append(b)
                theirs += 1
            }
        }
        merged.append(contentsOf: buckets[mine...])
        merged.append(contentsOf: other.buckets[theirs...])
        buckets = merged
    }

    /// Adds every bucket into `histogram`, which has ``LatencyHistogram``'s layout.
    public func add(into histogram: inout Histogram<UInt64>) {
        for bucket in buckets { _ = histogram.record(bucket.value, count: bucket.count) }
        if let highestValue { _ = histogram.record(highestValue, count: 0) }
    }

    /// This histogram as a dense ``LatencyHistogram``.
    public var dense: Histogram<UInt64> {
        var histogram = LatencyHistogram.make()
        add(into: &histogram)
        return histogram
    }

}
