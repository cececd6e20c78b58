import BarrageCore

extension RunReport {
    /// Takes the request and check names from the spec that was run: a scenario's request names
    /// (none for a command-line run, whose one request is the URL) and its checks in order.
    public mutating func name(from spec: RunSpec) {
        requestNames = spec.requests != nil ? spec.iterationRequests.map(\.name) : []
        checkNames = spec.iterationRequests.flatMap(\.checkNames)
        scenarios = spec.scenarios ?? []
        groupPaths = spec.metricTags.filter { $0.key == MetricsSnapshot.groupTag }.map(\.value).sorted()
    }

    /// Every group, declared or passed, sorted by path (`::a::b` after `::a`), with its merged part.
    public var groups: [(path: String, part: MetricsSnapshot)] {
        let passed = metrics.groups
        let unpassed = groupPaths.filter { path in !passed.contains { $0.path == path } }.map { ($0, MetricsSnapshot()) }
        return (passed + unpassed).sorted { $0.path < $1.path }
    }

    /// Evaluates `thresholds` on the merged result, as k6 does at the end of a run.
    public mutating func evaluate(_ thresholds: [Threshold]) {
        let metrics = self.metrics
        thresholdResults = ThresholdEvaluator.evaluate(
            thresholds, metrics: metrics, elapsedMicros: elapsedMicros, vus: vus, vusMax: vusMaxGauge,
            subMetrics: { metrics.subMetric($0) })
    }
}
