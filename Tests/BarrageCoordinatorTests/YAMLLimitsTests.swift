import Foundation
import Testing
@testable import BarrageCoordinator

/// Every bomb is refused as it is read, never expanded: the check reads at most a few libyaml
/// events per byte of the file (counted, not timed), and the loaders refuse with its message. The
/// time limit only keeps a regression from hanging the run.
@Suite(.timeLimit(.minutes(1)))
struct YAMLLimitsTests {
    /// The billion-laughs shape: `levels` anchored lists, each holding `width` aliases of the one
    /// before, then `tail` (which uses the last anchor, `l<levels-1>`).
    static func laughs(levels: Int = 9, width: Int = 9, tail: String) -> String {
        var lines = ["l0: &l0 [" + Array(repeating: "x", count: width).joined(separator: ",") + "]"]
        for level in 1..<levels {
            lines.append("l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: width).joined(separator: ",") + "]")
        }
        return (lines + [tail]).joined(separator: "\n") + "\n"
    }

    /// Checks `text` with the standard limits, expecting the walk to have read at most two
    /// events per byte (plus the stream's and the document's own): linear in the file, where the
    /// bombs below would expand to up to 9^9 nodes.
    private func linearly(_ text: String) -> YAMLLimitError? {
        let (events, error) = YAMLLimits.standard.scan(text)
        #expect(events <= 2 * text.utf8.count + 8, "\(events) events for \(text.utf8.count) bytes")
        return error
    }

    @Test(arguments: [
        // An alias as a mapping key: what Yams hashes in full.
        // (Three levels: nine would go over the expansion budget first, at line 5.)
        (YAMLLimitsTests.laughs(levels: 3, tail: "? *l2\n: 1"), 4, "can't be a mapping key"),
        (YAMLLimitsTests.laughs(levels: 3, tail: "*l2 : 1"), 4, "can't be a mapping key"),
        (YAMLLimitsTests.laughs(levels: 3, tail: "m: {*l2 : 1}"), 4, "can't be a mapping key"),
        // A key that only holds the alias: not refused as a key, but the expansion is too big.
        (YAMLLimitsTests.laughs(tail: "? [*l8]\n: 1"), 5, "expand to more than 10000 nodes"),
        // Aliases as values only.
        (YAMLLimitsTests.laughs(tail: "requests: *l8"), 5, "expand to more than 10000 nodes"),
        // Many cheap aliases.
        ("a: &a x\nb: [" + Array(repeating: "*a", count: 101).joined(separator: ",") + "]\n", 2, "more than 100 aliases"),
        // Deep nesting, written out and through an alias.
        (String(repeating: "[", count: 100) + String(repeating: "]", count: 100), 1, "deeper than 64 levels"),
        ("a:\n" + (1...70).map { String(repeating: " ", count: $0) + "- \n" }.joined(), 65, "deeper than 64 levels"),
        ("a: &a " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "\nb: [[[[[[[[[[[[[[[[[[[[[[[[[*a]]]]]]]]]]]]]]]]]]]]]]]]]\n", 2, "nests deeper than 64"),
    ])
    func refusesBombsAtOnceNamingTheLine(text: String, line: Int, mentions: String) {
        let error = linearly(text)
        #expect(throws: YAMLLimitError.self) { try YAMLLimits.standard.check(text) }
        #expect(error?.line == line, "\(String(describing: error))")
        #expect(error?.message.contains(mentions) == true, "\(String(describing: error))")
    }

    /// libyaml refuses flow nesting past its own limit before it sends one event; the file is
    /// still refused at once, with libyaml's message.
    @Test func tenThousandOpenBracketsAreRefusedQuickly() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let error = #expect(throws: ScenarioFileError.self) { try ScenarioFile.parse(text, file: "deep.yaml", baseDirectory: "/") }
        #expect(error?.description.hasPrefix("deep.yaml:1: not valid YAML: ") == true, "\(String(describing: error))")
    }

    @Test func refusesAHugeFileBeforeParsingIt() {
        let text = String(repeating: "# padding\n", count: 110_000)
        let (events, error) = YAMLLimits.standard.scan(text)
        #expect(events == 0)
        #expect(error?.line == nil)
        #expect(error?.message.contains("at most 1048576") == true)
    }

    @Test func readFileStopsAtTheLimit() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("barrage-yaml-\(UInt64.random(in: .min ... .max))").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(repeating: UInt8(ascii: "#"), count: 2048).write(to: URL(fileURLWithPath: path))
        let small = YAMLLimits(maxBytes: 1024)
        #expect(throws: YAMLLimitError(line: nil, message: "it is larger than 1024 bytes, the most accepted")) {
            try small.readFile(atPath: path)
        }
        #expect(try YAMLLimits(maxBytes: 2048).readFile(atPath: path).count == 2048)
        #expect(throws: YAMLLimitError(line: nil, message: "no such file")) { try small.readFile(atPath: path + ".absent") }
    }

    @Test(arguments: [
        "",
        "a: 1\n",
        // Ordinary reuse: anchored headers merged into two requests.
        "h: &h {Accept: application/json}\nrequests:\n  - {path: /a, headers: *h}\n  - {path: /b, headers: *h}\n",
        // A few levels of laughs stay well inside the budget.
        YAMLLimitsTests.laughs(levels: 3, width: 9, tail: "v: *l2"),
        // Syntax errors are left to Yams, which names them.
        "a: [\n",
        "a: *undefined\n",
    ])
    func acceptsOrdinaryFiles(text: String) throws {
        #expect(linearly(text) == nil)
    }

    @Test func scenarioFilesUseTheLimits() {
        let text = Self.laughs(levels: 3, tail: "? *l2\n: 1")
        let error = #expect(throws: ScenarioFileError.self) { try ScenarioFile.parse(text, file: "bomb.yaml", baseDirectory: "/") }
        #expect(error?.description == "bomb.yaml:4: an alias (*l2) can't be a mapping key")
    }

    @Test func agentsFilesUseTheLimits() {
        let text = Self.laughs(tail: "agents: *l8")
        let error = #expect(throws: CoordinatorError.self) { try AgentsFile.parse(text, path: "agents.yaml") }
        #expect(error?.description == "agents.yaml: line 5: aliases would expand to more than 10000 nodes")
    }
}
