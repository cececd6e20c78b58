/// A k6 threshold: a metric, optionally narrowed by a tag selector, and the expressions that must
/// hold for it, e.g. `http_req_duration: ["p(95)<500", "p(99)<1500"]`.
///
/// `abortOnFail` stops the run as soon as an expression fails, but not before
/// `delayAbortEvalMicros` of the run have passed (k6's `delayAbortEval`), so that early, noisy
/// values do not abort it.
public struct Threshold: Sendable, Equatable, CustomStringConvertible {
    /// One `key:value` of a tag selector such as `http_req_duration{status:200}`.
    public struct Tag: Sendable, Hashable, CustomStringConvertible {
        public var key: String
        public var value: String

        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }

        public var description: String { "\(key):\(value)" }
    }

    /// The metric name without its tag selector, e.g. `http_req_duration`.
    public var metric: String
    /// The tag selector, empty for the whole metric.
    public var tags: [Tag]
    public var expressions: [ThresholdExpression]
    public var abortOnFail: Bool
    public var delayAbortEvalMicros: Int64?

    public init(
        metric: String, tags: [Tag] = [], expressions: [ThresholdExpression],
        abortOnFail: Bool = false, delayAbortEvalMicros: Int64? = nil
    ) {
        self.metric = metric
        self.tags = tags
        self.expressions = expressions
        self.abortOnFail = abortOnFail
        self.delayAbortEvalMicros = delayAbortEvalMicros
    }

    /// The metric with its tag selector, as k6 names a sub-metric: `http_req_duration{name:feed}`.
    public var name: String {
        tags.isEmpty ? metric : metric + "{" + tags.map(\.description).joined(separator: ",") + "}"
    }

    /// `http_req_duration: p(95)<500, p(99)<1500`.
    public var description: String {
        name + ": " + expressions.map(\.source).joined(separator: ", ")
    }

    /// Parses the config form: a metric name (with an optional tag selector) and its expressions,
    /// then checks it with ``validate()``.
    /// - Throws: ``ThresholdParseError`` for the first part that is not accepted.
    public static func parse(
        metric: String, expressions: [String], abortOnFail: Bool = false, delayAbortEvalMicros: Int64? = nil
    ) throws(ThresholdParseError) -> Threshold {
        let (name, tags) = try parseMetricName(metric)
        var parsed: [ThresholdExpression] = []
        for expression in expressions { parsed.append(try ThresholdExpression.parse(expression)) }
        let threshold = Threshold(
            metric: name, tags: tags, expressions: parsed,
            abortOnFail: abortOnFail, delayAbortEvalMicros: delayAbortEvalMicros)
        try threshold.validate()
        return threshold
    }

    /// Parses the CLI form `--threshold 'http_req_duration:p(95)<500'`: the metric (with an optional
    /// tag selector), a colon, then one or more expressions separated by commas.
    /// - Throws: ``ThresholdParseError`` for the first part that is not accepted.
    public static func parse(
        flag: String, abortOnFail: Bool = false, delayAbortEvalMicros: Int64? = nil
    ) throws(ThresholdParseError) -> Threshold {
        // The first colon outside a tag selector separates the metric from the expressions.
        var depth = 0
        var split: String.Index?
        for index in flag.indices {
            switch flag[index] {
            case "{": depth += 1
            case "}": depth -= 1
            case ":" where depth == 0: split = index
            default: break
            }
            if split != nil { break }
        }
        guard let split else { throw .invalidFlag(flag) }
        let metric = String(flag[..<split]).trimmingWhitespace()
        let expressions = flag[flag.index(after: split)...]
            .split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !metric.isEmpty, !expressions.contains(where: { $0.trimmingWhitespace().isEmpty }) else {
            throw .invalidFlag(flag)
        }
        return try parse(
            metric: metric, expressions: expressions,
            abortOnFail: abortOnFail, delayAbortEvalMicros: delayAbortEvalMicros)
    }

    /// Splits `http_req_duration{name:feed,status:200}` into the name and its tags. Values may be
    /// quoted, as k6 allows: `{name:"feed"}`.
    static func parseMetricName(_ text: String) throws(ThresholdParseError) -> (String, [Tag]) {
        let trimmed = text.trimmingWhitespace()
        guard let open = trimmed.firstIndex(of: "{") else {
            guard !trimmed.contains("}") else { throw .invalidTagSelector(text) }
            return (trimmed, [])
        }
        guard trimmed.hasSuffix("}") else { throw .invalidTagSelector(text) }
        let name = String(trimmed[..<open]).trimmingWhitespace()
        let body = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        guard !name.isEmpty, !body.contains("{"), !body.contains("}") else { throw .invalidTagSelector(text) }
        var tags: [Tag] = []
        for pair in body.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw .invalidTagSelector(text) }
            let key = String(parts[0]).trimmingWhitespace()
            var value = String(parts[1]).trimmingWhitespace()
            for quote in ["\"", "'"] where value.count >= 2 && value.hasPrefix(quote) && value.hasSuffix(quote) {
                value = String(value.dropFirst().dropLast())
            }
            guard !key.isEmpty, !value.isEmpty else { throw .invalidTagSelector(text) }
            tags.append(Tag(key: key, value: value))
        }
        return (name, tags)
    }

    /// The metric this threshold is on, or `nil` when the name is unknown.
    public var thresholdMetric: ThresholdMetric? { ThresholdMetric(name: metric) }

    /// Checks, before a run, that the metric exists, that it supports every stat used, that there
    /// is at least one expression and that the abort delay is not negative.
    /// - Throws: ``ThresholdParseError`` for the first problem.
    public func validate() throws(ThresholdParseError) {
        guard let resolved = thresholdMetric else { throw .unknownMetric(metric) }
        guard !expressions.isEmpty else { throw .noExpressions(name) }
        for expression in expressions where !resolved.supports(expression.stat) {
            throw .unsupportedStat(metric: name, stat: expression.stat.description, supported: resolved.supportedStats)
        }
        if let delayAbortEvalMicros, delayAbortEvalMicros < 0 { throw .negativeDelay(name, delayAbortEvalMicros) }
    }
}
