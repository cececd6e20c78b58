/// One k6 threshold expression: a statistic, a comparison and a number, e.g. `p(95)<500`.
///
/// The grammar is k6's (`metrics/thresholds_parser.go`): `<stat> <op> <number>`, whitespace
/// anywhere. Stats are `avg`, `min`, `med`, `max`, `p(N)` (trends, in milliseconds), `rate`
/// (rates, and counters per second), `count` (counters) and `value` (gauges). Which stats a metric
/// accepts is checked by ``Threshold/validate()``, not here.
public struct ThresholdExpression: Sendable, Equatable, CustomStringConvertible {
    /// The aggregate a threshold compares: a trend's statistic (the summary's ``TrendStat``), or
    /// a rate's, counter's or gauge's.
    public enum Stat: Sendable, Hashable, CustomStringConvertible {
        /// `avg`, `min`, `med`, `max` or `p(N)` of a trend, in milliseconds.
        case trend(TrendStat)
        case rate
        case count
        case value

        public static let avg = Stat.trend(.avg)
        public static let min = Stat.trend(.min)
        public static let med = Stat.trend(.med)
        public static let max = Stat.trend(.max)
        /// A percentile in 0...100.
        public static func percentile(_ p: Double) -> Stat { .trend(.percentile(p)) }

        /// The k6 spelling: `avg`, `p(95)`, `rate`.
        public var description: String {
            switch self {
            case .trend(let stat): return stat.description
            case .rate: return "rate"
            case .count: return "count"
            case .value: return "value"
            }
        }

        /// The trend statistic this stat reads from a histogram, or `nil` for non-trend stats.
        public var trendStat: TrendStat? {
            if case .trend(let stat) = self { return stat }
            return nil
        }
    }

    /// The comparison, spelled as in k6.
    public enum Operator: String, Sendable, CaseIterable {
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case equal = "=="
        case notEqual = "!="

        /// Whether `observed <op> limit` holds.
        public func compare(_ observed: Double, _ limit: Double) -> Bool {
            switch self {
            case .less: return observed < limit
            case .lessOrEqual: return observed <= limit
            case .greater: return observed > limit
            case .greaterOrEqual: return observed >= limit
            case .equal: return observed == limit
            case .notEqual: return observed != limit
            }
        }
    }

    public var stat: Stat
    public var op: Operator
    /// The limit, in the stat's unit: milliseconds for trend stats, a fraction for rates.
    public var limit: Double
    /// The expression as the user wrote it, whitespace trimmed at both ends.
    public var source: String

    public init(stat: Stat, op: Operator, limit: Double, source: String? = nil) {
        self.stat = stat
        self.op = op
        self.limit = limit
        self.source = source ?? "\(stat)\(op.rawValue)\(DecimalFormatter.fixed(limit, decimals: 9))"
    }

    /// The expression as written by the user, e.g. `p(95)<500`.
    public var description: String { source }

    /// Whether the expression holds for `observed`; never for NaN.
    public func holds(for observed: Double) -> Bool {
        guard !observed.isNaN else { return false }
        return op.compare(observed, limit)
    }

    /// Parses `<stat> <op> <number>`, e.g. `p(95)<500`, `rate < 0.01`, `count>=10`.
    /// k6's `===` is accepted as `==`.
    /// - Throws: ``ThresholdParseError`` naming the text and the accepted form.
    public static func parse(_ text: String) throws(ThresholdParseError) -> ThresholdExpression {
        let source = text.trimmingWhitespace()
        let compact = String(source.filter { !$0.isWhitespace })
        let operatorCharacters: Set<Character> = ["<", ">", "=", "!"]
        guard let opStart = compact.firstIndex(where: { operatorCharacters.contains($0) }) else {
            throw .invalidExpression(text)
        }
        let left = String(compact[..<opStart])
        let afterStat = compact[opStart...]
        let opText = String(afterStat.prefix { operatorCharacters.contains($0) })
        let right = String(afterStat.dropFirst(opText.count))
        guard !left.isEmpty, !right.isEmpty else { throw .invalidExpression(text) }
        guard let op = Operator(rawValue: opText == "===" ? "==" : opText) else {
            throw .unknownOperator(text, opText)
        }
        guard let limit = Double(right), limit.isFinite else { throw .invalidNumber(text, right) }
        return ThresholdExpression(stat: try parseStat(left, in: text), op: op, limit: limit, source: source)
    }

    static func parseStat(_ text: String, in expression: String) throws(ThresholdParseError) -> Stat {
        switch text {
        case "avg": return .avg
        case "min": return .min
        case "med": return .med
        case "max": return .max
        case "rate": return .rate
        case "count": return .count
        case "value": return .value
        default: break
        }
        guard text.hasPrefix("p("), text.hasSuffix(")"), text.count > 3 else {
            throw .unknownStat(expression, text)
        }
        guard let p = Double(text.dropFirst(2).dropLast()), p.isFinite else { throw .unknownStat(expression, text) }
        guard (0...100).contains(p) else { throw .percentileOutOfRange(expression) }
        return .percentile(p)
    }
}
