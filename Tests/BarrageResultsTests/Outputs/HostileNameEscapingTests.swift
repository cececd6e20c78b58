import BarrageTestSupport
import Foundation
import Testing
@testable import BarrageCore
@testable import BarrageResults

/// Every place the results turn a name into HTML, JSON-in-script, line protocol, CSV or terminal
/// text, fed names that hide the special character in a grapheme (see ``HostileText``).
struct HostileNameEscapingTests {
    static func page(_ name: String, live: Bool = false) -> String {
        ReportPage.html(ReportData(
            title: "Barrage report " + name, url: "http://127.0.0.1:1/" + name, live: live, agents: ["a", name], summary: name,
            notes: [name], seconds: [OutputFixtures.second()],
            requests: [RequestRow(name: name, tags: ["method": name], metrics: MetricsSnapshot(), elapsedMicros: 1_000_000)],
            elapsedMicros: 3_000_000, plannedMicros: 3_000_000, finished: !live,
            agentStatus: [.init(name: name, state: name, activeVUs: 1)]))
    }

    static func count(_ scalar: Unicode.Scalar, in text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1 == scalar ? 1 : 0) }
    }

    /// The page and its data block: the block's text and the page without it.
    static func split(_ page: String) throws -> (outside: String, block: Substring) {
        let start = try #require(page.range(of: #"<script type="application/json" id="barrage-data">"#))
        let end = try #require(page.range(of: "</script>", range: start.upperBound..<page.endIndex))
        return (String(page[..<start.upperBound] + page[end.lowerBound...]), page[start.upperBound..<end.lowerBound])
    }

    /// Outside the data block the page holds exactly the markup characters of a page made for a
    /// plain name; inside it, no `<`, `>`, `&` or `'` at all. The block still reads back to the name.
    @Test(arguments: HostileText.names) func aNameAddsNoMarkupToTheReportPage(_ name: String) throws {
        let plain = try Self.split(Self.page("x")), hostile = try Self.split(Self.page(name))
        for scalar: Unicode.Scalar in ["<", ">", "\"", "'"] {
            #expect(Self.count(scalar, in: hostile.outside) == Self.count(scalar, in: plain.outside), "raw \(scalar) from \(name.debugDescription)")
        }
        for scalar: Unicode.Scalar in ["<", ">", "&", "'"] {
            #expect(Self.count(scalar, in: String(hostile.block)) == 0, "raw \(scalar) in the data from \(name.debugDescription)")
        }
        #expect(Self.page(name).lowercased().components(separatedBy: "</script").count == 3)
        let data = try #require(try JSONSerialization.jsonObject(with: Data(hostile.block.utf8)) as? [String: Any])
        let agents = try #require(data["agents"] as? [String])
        #expect(agents.last.map { Array($0.unicodeScalars) } == Array(name.unicodeScalars))
    }

    @Test func theReportPageCarriesAContentSecurityPolicyByHash() {
        let html = Self.page("x")
        let policy = ReportPolicy.forPage(live: false)
        #expect(html.contains(#"<meta http-equiv="Content-Security-Policy" content="\#(policy)">"#))
        #expect(policy.hasPrefix("default-src 'none'; script-src 'sha256-"))
        #expect(policy.contains("'\(ReportPolicy.hashSource(ReportAssets.javaScript))'"))
        #expect(policy.contains("style-src '\(ReportPolicy.hashSource(ReportAssets.css))'"))
        #expect(policy.contains("connect-src 'none'") && ReportPolicy.forPage(live: true).contains("connect-src 'self'"))
        #expect(!policy.contains("unsafe"))
        // The hash is CSP's: SHA-256 of the UTF-8 bytes, base64.
        #expect(ReportPolicy.hashSource("") == "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        #expect(ReportPolicy.hashSource("alert(1)") == "sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=")
        // No inline style attribute (CSP would block it): the legend's swatch is an SVG fill.
        #expect(!ReportAssets.javaScript.contains("style=\""))
    }

    @Test func lineProtocolEscapesSeparatorsHiddenInGraphemes() {
        let point = LinePoint(
            measurement: "m\u{0600},x", tags: ["name": "\u{0600},evil=1 x\u{0301}\r\n"], fields: ["f": .string("\u{0600}\"z\\\u{0301}\r\n")], timestampNanos: 1)
        #expect(point.encoded() == "m\u{0600}\\,x,name=\u{0600}\\,evil\\=1\\ x\u{0301}\\ \\  f=\"\u{0600}\\\"z\\\\\u{0301}  \" 1")
    }

    @Test func csvQuotesFieldsWhoseQuoteHidesInAGrapheme() {
        #expect(SeriesFormat.csvField("\u{0600}\"") == "\"\u{0600}\"\"\"")
        #expect(SeriesFormat.csvField("a\r\nb") == "\"a\r\nb\"")
        #expect(SeriesFormat.csvHeader(agents: ["\u{0600}\",x"]).hasSuffix(",\"agent_\u{0600}\"\",x_net_rx_bytes_per_s\""))
    }

    @Test(arguments: HostileText.names) func theSummaryShowsNoControlOrBidiCharacter(_ name: String) {
        var report = SummaryFixtures.singleAgent()
        report.url = "http://x/" + name
        report.notes = [name]
        report.agents[0].name = name
        report.agents[0].address = name
        report.checkNames = [name]
        report.metrics.checks[name] = CheckTally(passes: 1, fails: 1)
        for color in [false, true] {
            let text = SummaryRenderer(color: color, alwaysShowAgents: true).render(report)
            // Colors are the renderer's own SGR sequences; take them out, then nothing unsafe may be left.
            let uncolored = text.replacingOccurrences(of: #"\u{1B}\[[0-9;]*m"#, with: "", options: .regularExpression)
            for line in uncolored.split(separator: "\n") {
                #expect(!line.unicodeScalars.contains(where: TerminalText.isUnsafe), "\(line.debugDescription)")
            }
        }
        let compare = ComparisonRenderer.render(
            Comparison(base: RunFigures(metrics: ["http_req_duration{name:\(name)}": ["avg": 1]]), new: RunFigures(metrics: [:])),
            baseName: name, newName: name, thresholds: [])
        for line in compare.split(separator: "\n") {
            #expect(!line.unicodeScalars.contains(where: TerminalText.isUnsafe), "\(line.debugDescription)")
        }
    }
}
