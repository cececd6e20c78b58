import BarrageCore

/// The outcome of one threshold expression at the end of a run (or at one evaluation during it).
public struct ThresholdResult: Sendable, Equatable {
    /// The threshold the expression belongs to (for its name and abort settings).
    public var threshold: Threshold
    public var expression: ThresholdExpression
    public var passed: Bool
    /// The observed value in the expression's unit (milliseconds, fraction, count, per second);
    /// NaN when it could not be observed.
    public var observed: Double
    /// The observed value formatted like the summary: `p(95)=412.5ms`, `rate=0.12%`.
    public var observedText: String
    /// Set when the value could not be observed, e.g. a tag selector with no data for it.
    public var unsupported: Bool

    public init(
        threshold: Threshold, expression: ThresholdExpression, passed: Bool, observed: Double,
        observedText: String, unsupported: Bool = false
    ) {
        self.threshold = threshold
        self.expression = expression
        self.passed = passed
        self.observed = observed
        self.observedText = observedText
        self.unsupported = unsupported
    }

    /// The expression as written, e.g. `p(95)<500`.
    public var text: String { expression.source }

    /// The metric with its tag selector, e.g. `http_req_duration{name:feed}`.
    public var metricName: String { threshold.name }

    public static func == (lhs: ThresholdResult, rhs: ThresholdResult) -> Bool {
        lhs.threshold == rhs.threshold && lhs.expression == rhs.expression && lhs.passed == rhs.passed
            && (lhs.observed == rhs.observed || (lhs.observed.isNaN && rhs.observed.isNaN))
            && lhs.observedText == rhs.observedText && lhs.unsupported == rhs.unsupported
    }
}
