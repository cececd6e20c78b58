/// Why a threshold was rejected, when parsed or when checked against its metric before a run.
public enum ThresholdParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not of the form `<stat> <op> <number>`.
    case invalidExpression(String)
    /// The expression and the operator found in it.
    case unknownOperator(String, String)
    /// The expression and the text where a number was expected.
    case invalidNumber(String, String)
    /// The expression and the stat found in it.
    case unknownStat(String, String)
    case percentileOutOfRange(String)
    /// A `--threshold` value that is not `<metric>:<expression>`.
    case invalidFlag(String)
    /// The metric text and its malformed tag selector.
    case invalidTagSelector(String)
    case unknownMetric(String)
    /// The metric, the stat, and what that metric supports.
    case unsupportedStat(metric: String, stat: String, supported: String)
    /// A threshold for the metric with no expressions.
    case noExpressions(String)
    /// The metric and the negative `delayAbortEval`, in microseconds.
    case negativeDelay(String, Int64)

    public var description: String {
        let form = "expected <stat> <op> <number>, e.g. p(95)<500, rate<0.01"
        switch self {
        case .invalidExpression(let text):
            return "invalid threshold '\(text)': \(form)"
        case .unknownOperator(let text, let op):
            return "invalid threshold '\(text)': unknown operator '\(op)', expected one of <, <=, >, >=, ==, !="
        case .invalidNumber(let text, let number):
            return "invalid threshold '\(text)': '\(number)' is not a number, \(form)"
        case .unknownStat(let text, let stat):
            return "invalid threshold '\(text)': unknown stat '\(stat)', expected avg, min, med, max, p(N), rate, count or value"
        case .percentileOutOfRange(let text):
            return "invalid threshold '\(text)': the percentile must be in 0...100, e.g. p(95), p(99.9)"
        case .invalidFlag(let text):
            return "invalid --threshold '\(text)': expected <metric>:<expression>[,<expression>...], e.g. http_req_duration:p(95)<500"
        case .invalidTagSelector(let text):
            return "invalid tag selector in '\(text)': expected <metric>{<key>:<value>}, e.g. http_req_duration{status:200}"
        case .unknownMetric(let name):
            return "unknown metric '\(name)' in threshold: expected one of \(ThresholdMetric.allNames.joined(separator: ", "))"
        case .unsupportedStat(let metric, let stat, let supported):
            return "threshold on '\(metric)' uses '\(stat)', but \(metric) supports only \(supported)"
        case .noExpressions(let metric):
            return "threshold on '\(metric)' has no expressions: expected at least one, e.g. p(95)<500"
        case .negativeDelay(let metric, let micros):
            return "threshold on '\(metric)': delayAbortEval must be at least 0s, but is \(micros)µs"
        }
    }
}
