import Histogram

/// One statistic of a trend metric in the summary, spelled as k6's `--summary-trend-stats` does:
/// `avg`, `min`, `med`, `max`, `count`, `p(90)`, `p(99.9)`.
public enum TrendStat: Sendable, Hashable, CustomStringConvertible {
    case avg
    case min
    case med
    case max
    case count
    /// A percentile in 0...100.
    case percentile(Double)

    /// The stats shown unless the user asks for others: k6's default plus `p(99)`.
    public static let defaults: [TrendStat] = [.avg, .min, .med, .max, .percentile(90), .percentile(95), .percentile(99)]

    /// The k6 spelling: `avg`, `p(95)`, `p(99.9)`.
    public var description: String {
        switch self {
        case .avg: return "avg"
        case .min: return "min"
        case .med: return "med"
        case .max: return "max"
        case .count: return "count"
        case .percentile(let p):
            let text = p == p.rounded() && Swift.abs(p) < 1e15 ? String(Int64(p)) : String(p)
            return "p(\(text))"
        }
    }

    /// Whether the stat is a duration (in microseconds) rather than a plain count.
    public var isDuration: Bool {
        if case .count = self { return false }
        return true
    }

    /// The stat's value for `histogram`: microseconds for durations, the sample count for ``count``.
    ///
    /// `min` and `max` are the exact recorded extremes (`Histogram.min`, `Histogram.maxRecorded`);
    /// `Histogram.max` would round the largest value up to the top of its bucket and so could exceed
    /// every sample. Percentiles come from `Histogram.valueAtPercentile`, `med` is `p(50)`.
    /// An empty histogram gives 0 for every stat.
    public func value(in histogram: Histogram<UInt64>) -> Double {
        switch self {
        case .avg: return histogram.mean
        case .min: return Double(histogram.min)
        case .med: return Double(histogram.valueAtPercentile(50))
        case .max: return Double(histogram.maxRecorded)
        case .count: return Double(histogram.totalCount)
        case .percentile(let p): return Double(histogram.valueAtPercentile(p))
        }
    }

    /// Parses one stat as k6 spells it.
    /// - Throws: ``TrendStatParseError`` naming the text and the accepted forms.
    public static func parse(_ text: String) throws(TrendStatParseError) -> TrendStat {
        let trimmed = text.trimmingWhitespace()
        switch trimmed {
        case "avg": return .avg
        case "min": return .min
        case "med": return .med
        case "max": return .max
        case "count": return .count
        default: break
        }
        guard trimmed.hasPrefix("p("), trimmed.hasSuffix(")"), trimmed.count > 3 else {
            throw .unknown(text)
        }
        let number = trimmed.dropFirst(2).dropLast()
        guard let p = Double(number), p.isFinite else { throw .unknown(text) }
        guard (0...100).contains(p) else { throw .percentileOutOfRange(text) }
        return .percentile(p)
    }

    /// Parses a comma-separated list such as `avg,p(95),p(99.9)`.
    /// - Throws: ``TrendStatParseError`` for the first stat that is not accepted, or an empty list.
    public static func parseList(_ text: String) throws(TrendStatParseError) -> [TrendStat] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        var stats: [TrendStat] = []
        for part in parts { stats.append(try parse(String(part))) }
        return stats
    }
}

/// Why a trend stat name was rejected.
public enum TrendStatParseError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknown(String)
    case percentileOutOfRange(String)

    public var description: String {
        let accepted = "expected avg, min, med, max, count or p(N) with N in 0...100, e.g. p(95), p(99.9)"
        switch self {
        case .unknown(let text): return "unknown trend stat '\(text)': \(accepted)"
        case .percentileOutOfRange(let text): return "trend stat '\(text)' is out of range: \(accepted)"
        }
    }
}
