import Foundation
import Testing
@testable import BarrageResults

/// A summary export given to `coord compare` is untrusted (issue #21 item 8): its names, metrics
/// and stats are capped, each at its edge, so that no export makes compare allocate or lay out
/// without bound. The integration side (a 50 MB name, a 65 MiB file) is HostileJournalTests.
struct RunFiguresLimitTests {
    static func export(_ metrics: [(String, [String])]) -> String {
        let body = metrics.map { name, stats in
            "\"\(name)\":{" + stats.map { "\"\($0)\":1" }.joined(separator: ",") + "}"
        }
        return "{\"metrics\":{" + body.joined(separator: ",") + "}}"
    }

    static func refusal(_ text: String) -> String? {
        do {
            _ = try RunFigures.parse(text, file: "e.json")
            return nil
        } catch {
            #expect(error.line == 0 && !error.description.contains("\n"), "\(error)")
            return error.detail
        }
    }

    @Test func metricsAreCappedAtTheirEdge() throws {
        let atLimit = (0..<RunFigures.maxMetrics).map { ("m\($0)", ["count"]) }
        #expect(try RunFigures.parse(Self.export(atLimit), file: "e.json").metrics.count == RunFigures.maxMetrics)
        let over = atLimit + [("one-more", ["count"])]
        #expect(Self.refusal(Self.export(over)) == "\(RunFigures.maxMetrics + 1) metrics, at most \(RunFigures.maxMetrics) are read")
    }

    @Test func statsOfAMetricAreCappedAtTheirEdge() throws {
        let stats = (0..<RunFigures.maxStats).map { "s\($0)" }
        #expect(try RunFigures.parse(Self.export([("m", stats)]), file: "e.json").metrics["m"]?.count == RunFigures.maxStats)
        let refused = try #require(Self.refusal(Self.export([("m", stats + ["extra"])])))
        #expect(refused.contains("\(RunFigures.maxStats + 1) stats"), "\(refused)")
    }

    /// A metric's name and a stat's name: 1024 bytes are read, 1025 refused, and the refusal
    /// shows at most 80 characters of the name.
    @Test(arguments: [true, false])
    func namesAreCappedAtTheirEdge(inTheStat: Bool) throws {
        let exact = String(repeating: "n", count: JournalLimits.maxNameBytes)
        let long = exact + "n"
        let fits = inTheStat ? [("m", [exact])] : [(exact, ["count"])]
        #expect(try RunFigures.parse(Self.export(fits), file: "e.json").metrics.count == 1)
        let refused = try #require(Self.refusal(Self.export(inTheStat ? [("m", [long])] : [(long, ["count"])])))
        #expect(refused.contains("a name of \(JournalLimits.maxNameBytes + 1) bytes"), "\(refused)")
        #expect(refused.utf8.count < 300, "\(refused)")
    }
}
