/// A metric a threshold can be set on, with k6's metric type deciding which stats it supports.
///
/// As in k6: trends support `avg`, `min`, `med`, `max` and `p(N)` (milliseconds); the rates
/// `http_req_failed` (failed / all requests) and `checks` (passed / all checks) support `rate`;
/// the counters `http_reqs`, `iterations`, `data_received`, `data_sent` and `dropped_iterations` support `count` and
/// `rate` (per second of elapsed time); the gauges `vus` and `vus_max` support `value`.
public enum ThresholdMetric: Sendable, Hashable {
    case trend(TrendMetric)
    case httpReqFailed
    case checks
    case httpReqs
    case iterations
    case dataReceived
    case dataSent
    case droppedIterations
    case vus
    case vusMax

    /// k6's metric types.
    public enum Kind: Sendable, Hashable {
        case trend
        case rate
        case counter
        case gauge
    }

    /// Every metric, in the order the summary sorts them.
    public static let all: [ThresholdMetric] =
        ([.checks, .dataReceived, .dataSent, .droppedIterations, .httpReqFailed, .httpReqs, .iterations, .vus, .vusMax]
            + TrendMetric.allCases.map { .trend($0) })
        .sorted { $0.name < $1.name }

    /// Every metric name, sorted.
    public static var allNames: [String] { all.map(\.name) }

    /// The metric called `name` (k6's exact spelling), or `nil`.
    public init?(name: String) {
        guard let metric = Self.all.first(where: { $0.name == name }) else { return nil }
        self = metric
    }

    /// The k6 metric name.
    public var name: String {
        switch self {
        case .trend(let metric): return metric.name
        case .httpReqFailed: return MetricName.httpReqFailed
        case .checks: return MetricName.checks
        case .httpReqs: return MetricName.httpReqs
        case .iterations: return MetricName.iterations
        case .dataReceived: return MetricName.dataReceived
        case .dataSent: return MetricName.dataSent
        case .droppedIterations: return MetricName.droppedIterations
        case .vus: return MetricName.vus
        case .vusMax: return MetricName.vusMax
        }
    }

    public var kind: Kind {
        switch self {
        case .trend: return .trend
        case .httpReqFailed, .checks: return .rate
        case .httpReqs, .iterations, .dataReceived, .dataSent, .droppedIterations: return .counter
        case .vus, .vusMax: return .gauge
        }
    }

    /// Whether a threshold on this metric may use `stat`.
    public func supports(_ stat: ThresholdExpression.Stat) -> Bool {
        switch kind {
        case .trend: return stat.trendStat != nil
        case .rate: return stat == .rate
        case .counter: return stat == .count || stat == .rate
        case .gauge: return stat == .value
        }
    }

    /// The supported stats in words, for error messages.
    public var supportedStats: String {
        switch kind {
        case .trend: return "avg, min, med, max and p(N)"
        case .rate: return "rate"
        case .counter: return "count and rate"
        case .gauge: return "value"
        }
    }
}
