import BarrageCore

/// A pass/fail criterion of `coord compare` on the new run against the base, written like a k6
/// threshold: `http_req_duration:p(95)<+10%` (at most 10% above the base), `http_reqs:rate>-5%`,
/// `http_req_duration:p(95)<+50` (at most 50 ms above the base: a signed limit is a delta in the
/// stat's unit) or `http_req_failed:rate<0.01` (an unsigned limit applies to the new run alone).
public struct CompareThreshold: Sendable, Equatable, CustomStringConvertible {
    /// What the limit is compared with.
    public enum Limit: Sendable, Equatable {
        /// (new - base) / base in percent.
        case relative
        /// new - base, in the stat's unit.
        case delta
        /// new.
        case absolute
    }

    /// The metric with any tag selector, e.g. `http_req_duration{name:feed}`.
    public var metric: String
    public var expression: ThresholdExpression
    public var limit: Limit
    /// As written, e.g. `http_req_duration:p(95)<+10%`.
    public var source: String

    public var description: String { source }

    /// Parses `METRIC:STAT OP LIMIT`.
    /// - Throws: ``ThresholdParseError`` naming the text and the accepted form.
    public static func parse(_ text: String) throws(ThresholdParseError) -> CompareThreshold {
        let source = text.trimmingWhitespace()
        var depth = 0
        var split: String.Index?
        for index in source.indices where split == nil {
            switch source[index] {
            case "{": depth += 1
            case "}": depth -= 1
            case ":" where depth == 0: split = index
            default: break
            }
        }
        guard let split else { throw .invalidFlag(text) }
        let metric = String(source[..<split]).trimmingWhitespace()
        var body = String(source[source.index(after: split)...]).filter { !$0.isWhitespace }
        guard !metric.isEmpty else { throw .invalidFlag(text) }
        var limit = Limit.absolute
        if body.hasSuffix("%") {
            limit = .relative
            body.removeLast()
        }
        let expression = try ThresholdExpression.parse(body)
        if limit == .absolute, let opEnd = body.lastIndex(where: { "<>=!".contains($0) }) {
            let number = body[body.index(after: opEnd)...]
            if number.first == "+" || number.first == "-" { limit = .delta }
        }
        return CompareThreshold(metric: metric, expression: expression, limit: limit, source: source)
    }

    /// The export key of the stat: a rate metric's `rate` is its `value`.
    public var statKey: String {
        let base = metric.split(separator: "{").first.map(String.init) ?? metric
        switch expression.stat {
        case .rate: return [MetricName.checks, MetricName.httpReqFailed].contains(base) ? "value" : "rate"
        case .count: return "count"
        case .value: return "value"
        default: return expression.stat.trendStat?.description ?? expression.stat.description
        }
    }

    /// Evaluates the threshold; a figure missing from either file fails it.
    public func evaluate(base: RunFigures, new: RunFigures) -> CompareThresholdResult {
        let baseValue = base.value(metric, statKey)
        let newValue = new.value(metric, statKey)
        var observed: Double?
        if let newValue {
            switch limit {
            case .absolute: observed = newValue
            case .delta: observed = baseValue.map { newValue - $0 }
            case .relative: observed = baseValue.flatMap { $0 == 0 ? (newValue == 0 ? 0 : nil) : (newValue - $0) / $0 * 100 }
            }
        }
        return CompareThresholdResult(
            threshold: self, base: baseValue, new: newValue, observed: observed,
            passed: observed.map { expression.holds(for: $0) } ?? false)
    }
}

/// The outcome of one ``CompareThreshold``.
public struct CompareThresholdResult: Sendable, Equatable {
    public var threshold: CompareThreshold
    public var base: Double?
    public var new: Double?
    /// What was compared with the limit (a percentage for relative limits); nil when a figure
    /// is missing, or the base is 0 and the new value is not.
    public var observed: Double?
    public var passed: Bool
}
