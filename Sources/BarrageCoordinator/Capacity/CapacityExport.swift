import BarrageCore
import BarrageResults
import Foundation

/// `coord capacity --export F`: the search as JSON, with exactly these keys:
/// `sustainable_rate`, `breaking_rate` (null if none), `limit` (`target`, `load-generator`,
/// `max-rate`; null when stopped before any limit), `limited_by` (`agent`, `reason`),
/// `thresholds`, and `steps` (`rate`, `achieved_rate`, `p50_ms`, `p95_ms`, `p99_ms`,
/// `failed_rate`, `dropped`, `generator`, `passed`).
public enum CapacityExport {
    struct Document: Encodable {
        var sustainableRate: Int
        var breakingRate: Int?
        var limit: String?
        var limitedBy: [Limited]
        var thresholds: [String]
        var steps: [Step]

        enum CodingKeys: String, CodingKey {
            case sustainableRate = "sustainable_rate", breakingRate = "breaking_rate", limit
            case limitedBy = "limited_by", thresholds, steps
        }

        // Written by hand so that an absent breaking rate or limit is `null`, not a missing key.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(sustainableRate, forKey: .sustainableRate)
            try container.encode(breakingRate, forKey: .breakingRate)
            try container.encode(limit, forKey: .limit)
            try container.encode(limitedBy, forKey: .limitedBy)
            try container.encode(thresholds, forKey: .thresholds)
            try container.encode(steps, forKey: .steps)
        }
    }

    struct Limited: Encodable {
        var agent: String
        var reason: String
    }

    struct Step: Encodable {
        var rate: Int
        var achievedRate: Double
        var p50Milliseconds: Double
        var p95Milliseconds: Double
        var p99Milliseconds: Double
        var failedRate: Double
        var dropped: UInt64
        var generator: String
        var passed: Bool

        enum CodingKeys: String, CodingKey {
            case rate, achievedRate = "achieved_rate", p50Milliseconds = "p50_ms", p95Milliseconds = "p95_ms"
            case p99Milliseconds = "p99_ms", failedRate = "failed_rate", dropped, generator, passed
        }
    }

    /// The JSON text, keys sorted, with a trailing newline.
    public static func json(_ result: CapacityRun.Result) -> String {
        let verdict = result.verdict
        let document = Document(
            sustainableRate: verdict.sustainableRate, breakingRate: verdict.breaking?.rate,
            limit: verdict.limit == .unknown ? nil : verdict.limit.rawValue,
            limitedBy: verdict.limit == .loadGenerator
                ? (verdict.breaking?.limits ?? []).map { Limited(agent: $0.agent, reason: $0.reason.rawValue) } : [],
            thresholds: result.thresholds.flatMap { threshold in threshold.expressions.map { threshold.name + ":" + $0.source } },
            steps: result.steps.map { step in
                Step(
                    rate: step.rate, achievedRate: rounded(step.achievedRate), p50Milliseconds: rounded(step.p50Micros / 1000),
                    p95Milliseconds: rounded(step.p95Micros / 1000), p99Milliseconds: rounded(step.p99Micros / 1000),
                    failedRate: rounded(step.failedRate, places: 6), dropped: step.dropped, generator: step.generatorStatus, passed: step.passed)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Every value is a plain number, string or bool: encoding cannot fail.
        guard let data = try? encoder.encode(document) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Rounded to `places` decimals, so the file does not carry float noise; non-finite as 0.
    static func rounded(_ value: Double, places: Int = 3) -> Double {
        guard value.isFinite else { return 0 }
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}
