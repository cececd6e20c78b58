import BarrageCore

/// Evaluates thresholds against merged metrics, as k6 does at the end of a run and, for
/// `abortOnFail`, periodically during it.
///
/// Pure: the caller passes the merged ``MetricsSnapshot``, the elapsed time and the `vus` gauges.
/// An empty trend observes 0 for every stat and an empty rate observes 0, the same values the
/// summary shows.
public enum ThresholdEvaluator {
    /// Provides the metrics of a tagged sub-metric such as `http_req_duration{name:feed}`, or `nil`
    /// when they are not recorded. Such thresholds then fail, marked ``ThresholdResult/unsupported``.
    public typealias SubMetricSource = @Sendable ([Threshold.Tag]) -> MetricsSnapshot?

    /// One result per expression, in the order of `thresholds` and their expressions.
    ///
    /// Thresholds are expected to have passed ``Threshold/validate()``; an unknown metric or an
    /// unsupported stat still yields a failed, ``ThresholdResult/unsupported`` result, never a trap.
    public static func evaluate(
        _ thresholds: [Threshold], metrics: MetricsSnapshot, elapsedMicros: Int64, vus: Int, vusMax: Int,
        subMetrics: SubMetricSource? = nil
    ) -> [ThresholdResult] {
        var results: [ThresholdResult] = []
        for threshold in thresholds {
            let snapshot = threshold.tags.isEmpty ? metrics : subMetrics?(threshold.tags)
            for expression in threshold.expressions {
                guard let snapshot else {
                    results.append(unsupported(threshold, expression, "no data for tag selector " + threshold.name))
                    continue
                }
                guard let metric = threshold.thresholdMetric, metric.supports(expression.stat) else {
                    results.append(unsupported(threshold, expression, "\(expression.stat) is not supported for \(threshold.metric)"))
                    continue
                }
                let (observed, text) = observe(
                    metric, expression.stat, snapshot, elapsedMicros: elapsedMicros, vus: vus, vusMax: vusMax)
                results.append(ThresholdResult(
                    threshold: threshold, expression: expression, passed: expression.holds(for: observed),
                    observed: observed, observedText: text))
            }
        }
        return results
    }

    /// Whether the metric of `threshold` (and its tag selector) has received any value yet. During a
    /// run k6 evaluates only such thresholds, so an empty start never aborts a run.
    public static func hasObservations(_ threshold: Threshold, in metrics: MetricsSnapshot) -> Bool {
        guard let snapshot = threshold.tags.isEmpty ? metrics : metrics.subMetric(threshold.tags),
              let metric = threshold.thresholdMetric else { return false }
        let counters = snapshot.counters
        switch metric {
        case .trend(let trend): return (snapshot.trends[trend]?.totalCount ?? 0) > 0
        case .httpReqFailed, .httpReqs: return counters.httpReqs > 0
        case .checks: return counters.checksPassed + counters.checksFailed > 0
        case .iterations: return counters.iterations > 0
        case .dataReceived: return counters.dataReceivedBytes > 0
        case .dataSent: return counters.dataSentBytes > 0
        case .droppedIterations: return counters.droppedIterations > 0
        case .vus, .vusMax: return true
        }
    }

    /// Whether any expression failed.
    public static func anyFailed(_ results: [ThresholdResult]) -> Bool {
        results.contains { !$0.passed }
    }

    /// Whether the run should stop now: some failed expression belongs to a threshold with
    /// `abortOnFail` whose `delayAbortEval` has passed (`elapsedMicros >= delay`).
    public static func shouldAbort(results: [ThresholdResult], elapsedMicros: Int64) -> Bool {
        abortingResult(results: results, elapsedMicros: elapsedMicros) != nil
    }

    /// The first result that aborts the run now, for the message to the user; `nil` when none does.
    public static func abortingResult(results: [ThresholdResult], elapsedMicros: Int64) -> ThresholdResult? {
        results.first { result in
            !result.passed && result.threshold.abortOnFail
                && elapsedMicros >= (result.threshold.delayAbortEvalMicros ?? 0)
        }
    }

    static func unsupported(_ threshold: Threshold, _ expression: ThresholdExpression, _ text: String) -> ThresholdResult {
        ThresholdResult(
            threshold: threshold, expression: expression, passed: false, observed: .nan,
            observedText: text, unsupported: true)
    }

    /// The observed value in the expression's unit, and its text in the summary's format.
    static func observe(
        _ metric: ThresholdMetric, _ stat: ThresholdExpression.Stat, _ snapshot: MetricsSnapshot,
        elapsedMicros: Int64, vus: Int, vusMax: Int
    ) -> (Double, String) {
        let counters = snapshot.counters
        switch metric {
        case .trend(let trend):
            let micros = stat.trendStat?.value(in: snapshot.histogram(trend)) ?? .nan
            return (micros / 1000, "\(stat)=" + DurationFormatter.format(micros: micros))
        case .httpReqFailed:
            let rate = RunReport.fraction(counters.httpReqFailed, of: counters.httpReqs)
            return (rate, "rate=" + DecimalFormatter.percent(rate))
        case .checks:
            let rate = RunReport.fraction(counters.checksPassed, of: counters.checksPassed + counters.checksFailed)
            return (rate, "rate=" + DecimalFormatter.percent(rate))
        case .httpReqs: return counter(counters.httpReqs, stat, elapsedMicros)
        case .iterations: return counter(counters.iterations, stat, elapsedMicros)
        case .dataReceived: return counter(counters.dataReceivedBytes, stat, elapsedMicros)
        case .dataSent: return counter(counters.dataSentBytes, stat, elapsedMicros)
        case .droppedIterations: return counter(counters.droppedIterations, stat, elapsedMicros)
        case .vus: return (Double(vus), "value=\(vus)")
        case .vusMax: return (Double(vusMax), "value=\(vusMax)")
        }
    }

    /// A counter's `count`, or its `rate` per second of elapsed time (0 when no time elapsed).
    static func counter(_ count: UInt64, _ stat: ThresholdExpression.Stat, _ elapsedMicros: Int64) -> (Double, String) {
        if stat == .rate {
            let perSecond = elapsedMicros > 0 ? Double(count) * 1_000_000 / Double(elapsedMicros) : 0
            return (perSecond, "rate=" + DecimalFormatter.rate(perSecond))
        }
        return (Double(count), "count=\(count)")
    }
}
