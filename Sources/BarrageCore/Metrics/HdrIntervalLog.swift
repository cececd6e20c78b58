#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Histogram

/// Builds the text of a standard HdrHistogram interval log (`.hlog`, format version 1.2), which
/// `HistogramLogProcessor`, HdrHistogramVisualizer and the Python `hdrh.log` reader understand.
///
/// Pure: it returns text and never touches a file or the clock; the caller passes the start time.
/// ```
/// #[Histogram log format version 1.2]
/// #[StartTime: 1700000000.000 (seconds since epoch), 2023-11-14T22:13:20.000Z]
/// "StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"
/// 0.000,1.000,12.345,HISTF...
/// ```
/// Interval starts are seconds relative to `StartTime` (readers treat timestamps more than a year
/// before it as relative), and `Interval_Max` is the histogram's maximum in milliseconds, since
/// Barrage records microseconds.
public struct HdrIntervalLogWriter: Sendable {
    /// Divides a recorded value (µs) into the unit of the `Interval_Max` column (ms).
    public static let maxValueUnitRatio = 1000.0

    /// The log so far: the header, then one line per appended interval, each ending in `\n`.
    public private(set) var text: String

    /// Starts a log whose intervals are relative to `startTimeEpochSeconds`.
    public init(startTimeEpochSeconds: Double) {
        text = Self.header(startTimeEpochSeconds: startTimeEpochSeconds)
    }

    /// Appends the line of one interval; see ``line(startOffsetSeconds:lengthSeconds:histogram:)``.
    public mutating func append(startOffsetSeconds: Double, lengthSeconds: Double, histogram: Histogram<UInt64>) {
        text += Self.line(startOffsetSeconds: startOffsetSeconds, lengthSeconds: lengthSeconds, histogram: histogram)
    }

    /// The three header lines: format version, start time, column legend.
    /// - Parameter startTimeEpochSeconds: the run's start, in seconds since 1970-01-01 UTC.
    /// - Returns: the lines, each ending in `\n`.
    public static func header(startTimeEpochSeconds: Double) -> String {
        "#[Histogram log format version 1.2]\n"
            + "#[StartTime: \(fixed3(startTimeEpochSeconds)) (seconds since epoch), "
            + "\(iso8601UTC(epochSeconds: startTimeEpochSeconds))]\n"
            + "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n"
    }

    /// One interval line: start and length in seconds, the maximum in ms, and the histogram's base64.
    /// - Parameters:
    ///   - startOffsetSeconds: the interval's start, in seconds after the log's `StartTime`.
    ///   - lengthSeconds: the interval's length in seconds.
    ///   - histogram: the interval's values in microseconds.
    /// - Returns: the line, ending in `\n`. The maximum is the histogram's ``Histogram/max``
    ///   (the highest value equivalent to the largest recorded one), as the Java writer reports it.
    public static func line(startOffsetSeconds: Double, lengthSeconds: Double, histogram: Histogram<UInt64>) -> String {
        line(startOffsetSeconds: startOffsetSeconds, lengthSeconds: lengthSeconds, max: histogram.max, base64: HdrV2Codec.encodeBase64(histogram))
    }

    /// The same line from a histogram's buckets (what a closed second carries): byte for byte the
    /// line of its dense form, whose maximum is already the top of its highest bucket.
    public static func line(startOffsetSeconds: Double, lengthSeconds: Double, histogram: SparseHistogram) -> String {
        line(startOffsetSeconds: startOffsetSeconds, lengthSeconds: lengthSeconds, max: histogram.maximum, base64: HdrV2Codec.encodeBase64(histogram))
    }

    private static func line(startOffsetSeconds: Double, lengthSeconds: Double, max: UInt64, base64: String) -> String {
        "\(fixed3(startOffsetSeconds)),\(fixed3(lengthSeconds)),\(fixed3(Double(max) / maxValueUnitRatio)),\(base64)\n"
    }

    /// `value` with exactly three decimals, as C's `%.3f` writes it (the C locale's `.`).
    static func fixed3(_ value: Double) -> String {
        guard value.isFinite else { return "0.000" }
        var buffer = [CChar](repeating: 0, count: 64)
        let written = withVaList([value]) { arguments in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, "%.3f", arguments) }
        }
        // 64 bytes hold any %.3f of a double below 1e50; larger values are not times.
        guard written > 0, Int(written) < buffer.count else { return "0.000" }
        return String(decoding: buffer.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `epochSeconds` as an ISO 8601 UTC time with milliseconds, e.g. `2023-11-14T22:13:20.000Z`.
    static func iso8601UTC(epochSeconds: Double) -> String {
        guard epochSeconds.isFinite, abs(epochSeconds) < 1e12 else { return "unknown" }
        let millis = Int64((epochSeconds * 1000).rounded(.down))
        let (days, millisOfDay) = floorDivision(millis, 86_400_000)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let secondsOfDay = millisOfDay / 1000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
            + "\(pad(secondsOfDay / 3600, 2)):\(pad(secondsOfDay / 60 % 60, 2)):\(pad(secondsOfDay % 60, 2))."
            + "\(pad(millisOfDay % 1000, 3))Z"
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (the "days to civil" method:
    /// count 400-year eras of 146 097 days, with years starting in March so leap days fall last).
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = daysSinceEpoch + 719_468  // days from 0000-03-01 to 1970-01-01
        let (era, dayOfEra) = floorDivision(shifted, 146_097)
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = value / divisor - (value % divisor < 0 ? 1 : 0)
        return (quotient, value - quotient * divisor)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
