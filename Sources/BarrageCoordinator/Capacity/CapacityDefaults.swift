import BarrageCore
import BarrageResults

/// What `coord capacity` judges a step by when neither the flags nor the scenario give thresholds.
public enum CapacityDefaults {
    /// `http_req_duration:p(95)<1000` and `http_req_failed:rate<0.01`, built without parsing.
    public static let thresholds = [
        Threshold(metric: "http_req_duration", expressions: [ThresholdExpression(stat: .percentile(95), op: .less, limit: 1000, source: "p(95)<1000")]),
        Threshold(metric: "http_req_failed", expressions: [ThresholdExpression(stat: .rate, op: .less, limit: 0.01, source: "rate<0.01")]),
    ]
}
