import BarrageCore

extension ScenarioFile {
    /// The keys of k6's object form of a threshold.
    static let thresholdKeys = ["threshold", "abortOnFail", "delayAbortEval"]

    /// `thresholds:`, k6's mapping of a metric (with an optional tag selector) to its expressions,
    /// each a string or k6's object form `{threshold: "rate<0.01", abortOnFail: true, delayAbortEval: 10s}`.
    ///
    /// A metric's expressions that share `abortOnFail` and `delayAbortEval` make one ``Threshold``,
    /// so entries with different settings give one threshold each.
    static func thresholds(_ node: ScenarioNode) throws(ScenarioFileError) -> [Threshold] {
        let metrics = try node.mapping("a mapping of metric names to lists of expressions, e.g. {http_req_duration: [\"p(95)<500\"]}")
        var thresholds: [Threshold] = []
        for entry in metrics.entries {
            let items = try entry.value.sequence("a list of expressions, e.g. [\"p(95)<500\"]")
            guard !items.isEmpty else { throw entry.value.error("expected at least one expression, e.g. [\"p(95)<500\"]") }
            var groups: [(abortOnFail: Bool, delayMicros: Int64?, expressions: [String])] = []
            for item in items {
                let (expressionNode, abortOnFail, delayMicros) = try thresholdEntry(item)
                let expression = try expressionNode.string("a threshold expression such as p(95)<500")
                // Each expression is checked alone first, so that an error points at its own line.
                do {
                    _ = try Threshold.parse(
                        metric: entry.key, expressions: [expression],
                        abortOnFail: abortOnFail, delayAbortEvalMicros: delayMicros)
                } catch {
                    switch error {
                    case .unknownMetric, .invalidTagSelector:
                        throw ScenarioFileError(file: node.file, line: entry.keyLine, keyPath: entry.value.path, message: error.description)
                    default:
                        throw expressionNode.error(error.description)
                    }
                }
                if let index = groups.firstIndex(where: { $0.abortOnFail == abortOnFail && $0.delayMicros == delayMicros }) {
                    groups[index].expressions.append(expression)
                } else {
                    groups.append((abortOnFail, delayMicros, [expression]))
                }
            }
            for group in groups {
                do {
                    thresholds.append(try Threshold.parse(
                        metric: entry.key, expressions: group.expressions,
                        abortOnFail: group.abortOnFail, delayAbortEvalMicros: group.delayMicros))
                } catch {
                    throw entry.value.error(error.description)
                }
            }
        }
        return thresholds
    }

    /// One entry of a metric's list: the expression's node, `abortOnFail` and `delayAbortEval` (µs).
    static func thresholdEntry(_ item: ScenarioNode) throws(ScenarioFileError) -> (ScenarioNode, abortOnFail: Bool, delayMicros: Int64?) {
        guard case .mapping = item.node else {
            _ = try item.scalar("an expression such as \"p(95)<500\" or {threshold: \"rate<0.01\", abortOnFail: true}")
            return (item, false, nil)
        }
        let fields = try item.mapping()
        try fields.rejectUnknownKeys(accepting: thresholdKeys)
        let expression = try fields.required("threshold", "an expression such as \"rate<0.01\"")
        let abortOnFail = try fields["abortOnFail"]?.bool() ?? false
        let delay = try fields["delayAbortEval"]?.durationMicros()
        return (expression, abortOnFail, delay)
    }
}
