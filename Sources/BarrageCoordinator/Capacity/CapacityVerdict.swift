import BarrageCore
import BarrageResults

/// What a capacity search found: the highest rate that passed, the lowest that did not, and whose
/// limit that was.
public struct CapacityVerdict: Sendable, Equatable {
    public enum Limit: String, Sendable, Equatable {
        case target
        case loadGenerator = "load-generator"
        case maxRate = "max-rate"
        /// The search was stopped before any limit was found.
        case unknown
    }

    /// The step at the highest rate that passed; nil when none did.
    public var sustainable: CapacityStep?
    /// The step at the lowest rate that did not pass; nil when none failed.
    public var breaking: CapacityStep?
    public var limit: Limit
    /// Steps run, repeats included.
    public var steps: Int
    /// Ctrl-C ended the search.
    public var interrupted: Bool
    /// What a rate counts: `req/s` when an iteration is one request (`--url`, a one-request
    /// file), `iterations/s` otherwise (the steps' rates are iterations per second).
    public var unit = "req/s"

    public init(sustainable: CapacityStep?, breaking: CapacityStep?, limit: Limit, steps: Int, interrupted: Bool) {
        self.sustainable = sustainable
        self.breaking = breaking
        self.limit = limit
        self.steps = steps
        self.interrupted = interrupted
    }

    /// The unit of the rates: an iteration of several requests (or of a flow) is not a request.
    public static func unit(oneRequestPerIteration: Bool) -> String {
        oneRequestPerIteration ? "req/s" : "iterations/s"
    }

    /// The highest rate that passed (0 when none did).
    public var sustainableRate: Int { sustainable?.rate ?? 0 }

    /// The one line the search ends with, e.g.
    /// `sustainable: 385 req/s (p95 21 ms); breaks at 405 req/s: http_req_duration p(95)=640ms (p(95)<100 failed); limit: target`.
    public var line: String {
        var parts: [String] = []
        let p95 = sustainable.map { " (p95 \(Self.milliseconds($0.p95Micros)))" } ?? ""
        switch limit {
        case .target:
            parts.append(sustainable == nil ? "sustainable: none" : "sustainable: \(sustainableRate) \(unit)\(p95)")
        case .loadGenerator, .maxRate, .unknown:
            parts.append("sustainable >= \(sustainableRate) \(unit)\(p95)")
        }
        if let breaking {
            let why = breaking.failedThresholds.first ?? breaking.limits.first.map { "\($0.agent) \($0.reason.rawValue)" } ?? "did not pass"
            parts.append("breaks at \(breaking.rate) \(unit): \(why)")
        }
        switch limit {
        case .target: parts.append("limit: target")
        case .loadGenerator:
            parts.append("limit: load-generator (\(Self.describe(breaking?.limits ?? []))); the target's capacity is at least this")
        case .maxRate: parts.append("limit: max-rate (the highest rate asked passed)")
        case .unknown: parts.append("limit: unknown (stopped before any step failed)")
        }
        return parts.joined(separator: "; ") + (interrupted ? " (interrupted)" : "")
    }

    /// The first two limits in full, then the rest by agent and reason (at most ten named): six
    /// agents behind full links would otherwise make a line of six near-identical sentences.
    static func describe(_ limits: [GeneratorLimit]) -> String {
        var text = limits.prefix(2).map(\.description).joined(separator: "; ")
        let rest = limits.dropFirst(2)
        if !rest.isEmpty {
            let named = rest.prefix(10).map { "\($0.agent) \($0.reason.rawValue)" }.joined(separator: ", ")
            text += "; and \(rest.count) more: \(named)\(rest.count > 10 ? ", ..." : "")"
        }
        return text
    }

    /// `21 ms`, `0.4 ms`.
    static func milliseconds(_ micros: Double) -> String {
        let ms = micros / 1000
        return (ms < 10 ? DecimalFormatter.fixed(ms, decimals: 1) : DecimalFormatter.fixed(ms, decimals: 0)) + " ms"
    }
}
