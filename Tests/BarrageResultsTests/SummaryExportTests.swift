import Foundation
import Testing
@testable import BarrageCore
@testable import BarrageResults

struct SummaryExportTests {
    /// The export parsed back with Foundation, as any consumer would read it.
    static func parsed(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    static func object(_ value: Any?) throws -> [String: Any] {
        try #require(value as? [String: Any])
    }

    static func number(_ value: Any?) throws -> Double {
        try #require((value as? NSNumber)?.doubleValue)
    }

    @Test func k6MetricsOfASingleAgentRun() throws {
        let root = try Self.parsed(SummaryExport.json(SummaryFixtures.singleAgent(errors: [.http5xx: 15, .timeout: 5])))
        let metrics = try Self.object(root["metrics"])

        let reqs = try Self.object(metrics["http_reqs"])
        #expect(try Self.number(reqs["count"]) == 1000)
        #expect(try Self.number(reqs["rate"]) == 100)

        // Trends in milliseconds: p95 of 1003...1993 µs is 1943 µs, the median 1493 µs.
        let duration = try Self.object(metrics["http_req_duration"])
        #expect(try Self.number(duration["p(95)"]) == 1.943)
        #expect(try Self.number(duration["med"]) == 1.493)
        #expect(try Self.number(duration["min"]) == 1.003)
        #expect(try Self.number(duration["max"]) == 1.993)
        #expect(try Self.number(duration["avg"]) == 1.498)
        #expect(Set(duration.keys) == ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"])

        // k6's rate semantics: passes are the non-zero (failed) samples.
        let failed = try Self.object(metrics["http_req_failed"])
        #expect(try Self.number(failed["value"]) == 0.02)
        #expect(try Self.number(failed["passes"]) == 20)
        #expect(try Self.number(failed["fails"]) == 980)

        let checks = try Self.object(metrics["checks"])
        #expect(try Self.number(checks["passes"]) == 980)
        #expect(try Self.number(checks["fails"]) == 20)
        #expect(try Self.number(checks["value"]) == 0.98)

        let received = try Self.object(metrics["data_received"])
        #expect(try Self.number(received["count"]) == 48_000_000)
        #expect(try Self.number(received["rate"]) == 4_800_000)

        let vus = try Self.object(metrics["vus"])
        #expect(try [Self.number(vus["value"]), Self.number(vus["min"]), Self.number(vus["max"])] == [10, 10, 10])
        #expect(metrics["http_req_waiting"] != nil, "phases are exported by default, as k6 does")

        let group = try Self.object(root["root_group"])
        let check = try Self.object(try Self.object(group["checks"])[SummaryExport.defaultCheckName])
        #expect(try Self.number(check["passes"]) == 980)
        #expect(try Self.number(check["fails"]) == 20)
        #expect(check["path"] as? String == "::status is expected")

        let barrage = try Self.object(root["barrage"])
        let errors = try Self.object(barrage["errors"])
        #expect(try Self.number(errors["http_5xx"]) == 15)
        #expect(try Self.number(errors["timeout"]) == 5)
        #expect(errors.count == 2)
        #expect(barrage["start_skew_ms"] is NSNull)
    }

    @Test func barrageAgentsOfAMultiAgentRun() throws {
        let root = try Self.parsed(SummaryExport.json(SummaryFixtures.twoAgentsOneLost()))
        let barrage = try Self.object(root["barrage"])
        #expect(try Self.number(barrage["start_skew_ms"]) == 3.2)
        #expect(try Self.number(barrage["max_clock_offset_ms"]) == 0.4)
        #expect(barrage["interrupted"] as? Bool == false)
        #expect(try Self.number(try Self.object(barrage["errors"])["connection_reset"]) == 12)

        let agents = try #require(barrage["agents"] as? [[String: Any]])
        try #require(agents.count == 2)
        let a1 = agents[0]
        #expect(a1["name"] as? String == "a1")
        #expect(a1["address"] as? String == "10.0.0.1:7070")
        #expect(try Self.number(a1["vus"]) == 5)
        #expect(try Self.number(a1["http_reqs"]) == 700)
        #expect(try Self.number(a1["req_per_s"]) == 70)
        #expect(try Self.number(a1["data_received"]) == 33_600_000)
        #expect(try Self.number(a1["cpu_percent"]) == 63.2)
        #expect(try Self.number(a1["errors"]) == 0)
        #expect(try Self.number(a1["p95_ms"]) == 1.943)
        #expect(a1["lost"] as? Bool == false)
        #expect(a1["lost_at_s"] is NSNull)

        let a2 = agents[1]
        #expect(a2["name"] as? String == "a2")
        #expect(try Self.number(a2["req_per_s"]) == 75, "a lost agent's rate divides by the time until it was lost")
        #expect(a2["cpu_percent"] is NSNull)
        #expect(try Self.number(a2["errors"]) == 12)
        #expect(try Self.number(a2["p95_ms"]) == 1.5)
        #expect(a2["lost"] as? Bool == true)
        #expect(try Self.number(a2["lost_at_s"]) == 4)

        let metrics = try Self.object(root["metrics"])
        #expect(try Self.number(try Self.object(metrics["http_req_duration"])["p(95)"]) == 1.923)
        #expect(try Self.number(try Self.object(metrics["vus_max"])["value"]) == 10)
        #expect(try Self.number(try Self.object(metrics["vus"])["min"]) == 5)
    }

    @Test func chosenTrendStatsAndNoPhases() throws {
        let text = SummaryExport.json(
            SummaryFixtures.singleAgent(), trendStats: [.percentile(99.9), .count], includePhases: false)
        let metrics = try Self.object(try Self.parsed(text)["metrics"])
        let duration = try Self.object(metrics["http_req_duration"])
        #expect(Set(duration.keys) == ["p(99.9)", "count"])
        #expect(try Self.number(duration["count"]) == 100)
        #expect(try Self.number(duration["p(99.9)"]) == 1.993)
        #expect(metrics["http_req_waiting"] == nil)
    }

    @Test func textIsDeterministicWithSortedKeys() {
        let report = SummaryFixtures.twoAgentsOneLost()
        let text = SummaryExport.json(report)
        #expect(text == SummaryExport.json(report))
        let barrage = text.range(of: "\"barrage\"")?.lowerBound
        let metrics = text.range(of: "\"metrics\"")?.lowerBound
        let rootGroup = text.range(of: "\"root_group\"")?.lowerBound
        #expect(barrage != nil && metrics != nil && rootGroup != nil)
        if let barrage, let metrics, let rootGroup { #expect(barrage < metrics && metrics < rootGroup) }
        #expect(text.hasPrefix("{\n    \"barrage\": {\n        \"agents\": [\n"))
    }

    @Test func jsonValueEscapesAndSpellsNumbers() throws {
        let value = JSONValue.object([
            "text": .string("a \"quoted\" \\ line\n\u{01}µ"),
            "whole": .number(3), "fraction": .number(0.25), "nan": .number(.nan),
            "list": .array([.integer(-1), .bool(true), .null]), "empty": .object([:]),
        ])
        #expect(value.rendered() == """
            {
                "empty": {},
                "fraction": 0.25,
                "list": [
                    -1,
                    true,
                    null
                ],
                "nan": null,
                "text": "a \\"quoted\\" \\\\ line\\n\\u0001µ",
                "whole": 3
            }
            """)
        let parsed = try Self.parsed(value.rendered())
        #expect(parsed["text"] as? String == "a \"quoted\" \\ line\n\u{01}µ")
    }
}
