#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Histogram

/// The bucket layout of an HdrHistogram: which counts-array index holds which values.
///
/// `Histogram`'s counts array and index arithmetic are internal to hdrhistogram-swift, so the codec
/// recomputes them here from the same three parameters. The math is the one every HdrHistogram
/// implementation shares (and that the V2 format's counts array is indexed by):
///
/// ```
/// subBucketCount  = smallest power of two >= 2 * 10^digits   (2048 at 3 digits)
/// bucket 0        = values 0 ..< subBucketCount << unitMagnitude, in steps of 1 << unitMagnitude
/// bucket k > 0    = the upper half of bucket 0 scaled by 2^k (the lower half is covered by bucket k-1)
/// index(value)    = (bucketIndex + 1) * subBucketHalfCount + subBucketIndex - subBucketHalfCount
/// ```
struct HdrLayout: Equatable {
    /// Arrays longer than this are refused: 4 Mi counts (32 MiB) covers 5 digits over 1 µs..1 h.
    static let maxCountsLength = 1 << 22

    let lowestDiscernibleValue: UInt64
    let highestTrackableValue: UInt64
    let significantDigits: Int
    /// Largest k with 2^k <= lowestDiscernibleValue (as `Histogram` computes it).
    let unitMagnitude: Int
    let subBucketHalfCountMagnitude: Int
    /// Number of entries in the counts array.
    let countsLength: Int

    var subBucketCount: Int { 1 << (subBucketHalfCountMagnitude + 1) }
    var subBucketHalfCount: Int { 1 << subBucketHalfCountMagnitude }

    /// Validates header parameters so that `Histogram.init` (which traps on bad input) will accept them.
    init(lowest: UInt64, highest: UInt64, digits: Int) throws(HdrCodecError) {
        guard (0...5).contains(digits) else {
            throw .invalidHeader(field: "number of significant digits", value: "\(digits)", accepted: "0 to 5 are accepted")
        }
        guard lowest >= 1, lowest <= UInt64(Int64.max) / 2 else {
            throw .invalidHeader(
                field: "lowest discernible value", value: "\(lowest)", accepted: "1 to \(UInt64(Int64.max) / 2) are accepted")
        }
        guard highest >= 2 * lowest, highest <= UInt64(Int64.max) else {
            throw .invalidHeader(
                field: "highest trackable value", value: "\(highest)",
                accepted: "it must be at least twice the lowest discernible value (\(lowest)) and at most \(Int64.max)")
        }
        let unitMagnitude = Self.unitMagnitude(lowest: lowest)
        let halfMagnitude = Self.subBucketHalfCountMagnitude(digits: digits)
        guard unitMagnitude + halfMagnitude <= 61 else {
            throw .invalidHeader(
                field: "lowest discernible value", value: "\(lowest)",
                accepted: "with \(digits) significant digits it must be below 2^\(61 - halfMagnitude)")
        }
        let length = Self.countsLength(highest: highest, unitMagnitude: unitMagnitude, halfMagnitude: halfMagnitude)
        guard length <= Self.maxCountsLength else {
            throw .tooLarge(field: "histogram's counts array (from its header)", size: length, limit: Self.maxCountsLength)
        }
        self.lowestDiscernibleValue = lowest
        self.highestTrackableValue = highest
        self.significantDigits = digits
        self.unitMagnitude = unitMagnitude
        self.subBucketHalfCountMagnitude = halfMagnitude
        self.countsLength = length
    }

    /// The layout of an existing histogram, whose parameters `Histogram.init` has already validated.
    init(of histogram: Histogram<UInt64>) {
        let digits = Int(histogram.numberOfSignificantValueDigits.rawValue)
        let halfMagnitude = Self.subBucketHalfCountMagnitude(digits: digits)
        // The smallest equivalent range is 1 << unitMagnitude; reading it back from the histogram
        // keeps the two in step even where floating-point log2 would round differently.
        let unitMagnitude = histogram.sizeOfEquivalentRangeForValue(0).trailingZeroBitCount
        self.lowestDiscernibleValue = histogram.lowestDiscernibleValue
        self.highestTrackableValue = histogram.highestTrackableValue
        self.significantDigits = digits
        self.unitMagnitude = unitMagnitude
        self.subBucketHalfCountMagnitude = halfMagnitude
        self.countsLength = Self.countsLength(
            highest: histogram.highestTrackableValue, unitMagnitude: unitMagnitude, halfMagnitude: halfMagnitude)
    }

    /// The counts-array index that `value` is counted in.
    func index(of value: UInt64) -> Int {
        let subBucketCountMagnitude = subBucketHalfCountMagnitude + 1
        let leadingZeroCountBase = 64 - unitMagnitude - subBucketCountMagnitude
        let subBucketMask = UInt64(subBucketCount - 1) << unitMagnitude
        let bucketIndex = leadingZeroCountBase - (value | subBucketMask).leadingZeroBitCount
        let subBucketIndex = Int(value >> (bucketIndex + unitMagnitude))
        return ((bucketIndex + 1) << subBucketHalfCountMagnitude) + subBucketIndex - subBucketHalfCount
    }

    /// The lowest and highest value counted at `index`, or `nil` when they do not fit in 64 bits
    /// (or the highest is `UInt64.max`, for which `Histogram`'s own range math would overflow).
    func valueRange(at index: Int) -> ClosedRange<UInt64>? {
        guard index >= 0 else { return nil }
        var bucketIndex = (index >> subBucketHalfCountMagnitude) - 1
        var subBucketIndex = (index & (subBucketHalfCount - 1)) + subBucketHalfCount
        if bucketIndex < 0 {
            subBucketIndex -= subBucketHalfCount
            bucketIndex = 0
        }
        let shift = bucketIndex + unitMagnitude
        guard shift < 63 else { return nil }
        let lowest = UInt64(subBucketIndex) << shift
        guard lowest >> shift == UInt64(subBucketIndex) else { return nil }
        let (next, overflow) = lowest.addingReportingOverflow(UInt64(1) << shift)
        guard !overflow, next != 0 else { return nil }
        return lowest...(next - 1)
    }

    /// Whether this is ``LatencyHistogram``'s layout.
    var isStandardLatencyLayout: Bool {
        lowestDiscernibleValue == LatencyHistogram.lowestDiscernibleMicros
            && highestTrackableValue == LatencyHistogram.highestTrackableMicros
            && significantDigits == Int(LatencyHistogram.significantDigits.rawValue)
    }

    /// An empty histogram with this layout.
    func makeHistogram() -> Histogram<UInt64> {
        if isStandardLatencyLayout { return LatencyHistogram.make() }
        return Histogram<UInt64>(
            lowestDiscernibleValue: lowestDiscernibleValue,
            highestTrackableValue: highestTrackableValue,
            numberOfSignificantValueDigits: SignificantDigits(rawValue: Int8(significantDigits)) ?? .three
        )
    }

    /// Whether `histogram` indexes values exactly as this layout does, checked through its public API.
    func matches(_ histogram: Histogram<UInt64>) -> Bool {
        let unit = UInt64(1) << unitMagnitude
        let firstDoubled = UInt64(subBucketCount) << unitMagnitude
        return histogram.sizeOfEquivalentRangeForValue(0) == unit
            && histogram.sizeOfEquivalentRangeForValue(firstDoubled - 1) == unit
            && histogram.sizeOfEquivalentRangeForValue(firstDoubled) == 2 * unit
    }

    // MARK: Parameter math, as in `Histogram.init`

    /// `Histogram` takes `log2` in floating point; do the same so both agree for every input.
    static func unitMagnitude(lowest: UInt64) -> Int {
        Int(log2(Double(lowest)))
    }

    /// log2 of half the smallest power of two >= 2 * 10^digits.
    static func subBucketHalfCountMagnitude(digits: Int) -> Int {
        var largestWithUnitResolution: UInt64 = 2
        for _ in 0..<digits { largestWithUnitResolution *= 10 }
        var magnitude = 0
        while (UInt64(1) << magnitude) < largestWithUnitResolution { magnitude += 1 }
        return max(magnitude, 1) - 1
    }

    static func countsLength(highest: UInt64, unitMagnitude: Int, halfMagnitude: Int) -> Int {
        var smallestUntrackable = UInt64(1 << (halfMagnitude + 1)) << unitMagnitude
        var bucketsNeeded = 1
        while smallestUntrackable <= highest {
            if smallestUntrackable > UInt64.max / 2 {
                bucketsNeeded += 1
                break
            }
            smallestUntrackable <<= 1
            bucketsNeeded += 1
        }
        return (bucketsNeeded + 1) << halfMagnitude
    }
}
