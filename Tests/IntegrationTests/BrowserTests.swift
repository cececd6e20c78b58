import BarrageTestSupport
import Foundation
import Testing

extension IntegrationSuite {
    /// `--report` and `--dashboard` rendered by a real browser (headless Chromium, Debian package).
    @Suite(.tags(.tool)) struct BrowserTests {
        static let chromiumFlags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]

        static func chromium() -> String? {
            ExternalTool.find("chromium") ?? ExternalTool.find("chromium-browser") ?? ExternalTool.find("google-chrome")
        }

        /// Chart id → points drawn, from the `data-rendered` attributes the page's script sets.
        static func renderedCharts(_ dom: String) throws -> [String: Int] {
            let pattern = try NSRegularExpression(pattern: #"id="chart-([a-z-]+)" data-rendered="(\d+)""#)
            var charts: [String: Int] = [:]
            for match in pattern.matches(in: dom, range: NSRange(dom.startIndex..., in: dom)) {
                guard let id = Range(match.range(at: 1), in: dom), let count = Range(match.range(at: 2), in: dom) else { continue }
                charts[String(dom[id])] = Int(dom[count])
            }
            return charts
        }

        /// The page as Chromium rendered it, and what its console said (uncaught errors, and the
        /// violations a Content-Security-Policy reports, are logged there).
        static func render(_ url: String, chromium: String, extra: [String] = []) async throws -> (dom: String, console: [String]) {
            let log = Fixtures.temporaryPath("chromium") + ".log"
            let dom = try await ExternalTool.run(
                "/bin/sh", ["-c", #"exec "$@" 2>"$0""#, log, chromium] + Self.chromiumFlags
                    + ["--enable-logging=stderr", "--v=0"] + extra + ["--dump-dom", url], timeout: 60)
            #expect(dom.status == 0)
            let console = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            // The script's own text is in the dump too: leave it out, so only drawn markup is counted.
            let drawn = try NSRegularExpression(pattern: #"<script>.*?</script>"#, options: .dotMatchesLineSeparators)
                .stringByReplacingMatches(in: dom.stdout, range: NSRange(dom.stdout.startIndex..., in: dom.stdout), withTemplate: "<script></script>")
            return (drawn, console.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") })
        }

        /// The `data-tick` values of each chart's y axis (`class="tick y"`), by chart id.
        static func yTicks(_ dom: String) throws -> [String: [Double]] {
            let chart = try NSRegularExpression(pattern: #"id="chart-([a-z-]+)"((?:(?!id="chart-).)*?)</svg>"#, options: .dotMatchesLineSeparators)
            let tick = try NSRegularExpression(pattern: #"class="tick y" data-tick="([0-9.e+-]+)""#)
            var result: [String: [Double]] = [:]
            for match in chart.matches(in: dom, range: NSRange(dom.startIndex..., in: dom)) {
                guard let id = Range(match.range(at: 1), in: dom), let body = Range(match.range(at: 2), in: dom) else { continue }
                let text = String(dom[body])
                result[String(dom[id])] = tick.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { found in
                    Range(found.range(at: 1), in: text).flatMap { Double(text[$0]) }
                }
            }
            return result
        }

        /// Round tick values: evenly spaced by 1, 2 or 5 x 10^n from 0, or powers of ten (a log axis).
        static func roundTicks(_ ticks: [Double]) -> Bool {
            func mantissaIsRound(_ value: Double) -> Bool {
                let exponent = (log10(value)).rounded(.down)
                let mantissa = value / pow(10, exponent)
                return [1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-6 }
            }
            guard ticks.count >= 2 else { return ticks == [0] }
            if ticks[0] == 0 {
                let step = ticks[1]
                return mantissaIsRound(step) && ticks.enumerated().allSatisfy { abs($0.element - Double($0.offset) * step) < step * 1e-6 }
            }
            return ticks.allSatisfy { abs(log10($0) - log10($0).rounded()) < 1e-9 }
        }

        /// Two scenarios with checks, against the demo target on loopback: the report has its KPI
        /// tiles, round ticks, says so for every all-zero chart, has the checks, scenarios and
        /// per-name panels, and the browser logs no error.
        @Test func reportDrawsEveryChartInChromium() async throws {
            guard let chromium = Self.chromium() else {
                try RequiredTool.chromium.missing()
                return
            }
            let (target, baseURL) = try await Fixtures.startTarget()
            let report = Fixtures.temporaryPath("report") + ".html"
            let scenario = Fixtures.temporaryPath("two-scenarios") + ".yaml"
            try """
                target: \(baseURL)
                scenarios:
                  browsers: {executor: constant-vus, vus: 8, duration: 4s}
                  buyers: {executor: constant-arrival-rate, rate: 10, timeUnit: 1s, duration: 3s, preAllocatedVUs: 2, maxVUs: 5}
                requests:
                  - {name: feed, path: /api/posts/, checks: {status: 200}, sleep: 50ms}
                  - {name: health, path: /healthz, checks: {status: 200}}
                thresholds:
                  http_req_failed: ["rate<0.01"]
                """.write(toFile: scenario, atomically: true, encoding: .utf8)
            let run = try await ChildProcess.run(["run", scenario, "--quiet", "--report", report])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let html = try String(contentsOfFile: report, encoding: .utf8)
            #expect(!html.contains("<script src") && !html.contains("<link") && !html.contains(" style=\""))
            let (dom, console) = try await Self.render("file://" + report, chromium: chromium, extra: ["--window-size=1400,2000"])
            #expect(console.isEmpty, "console: \(console)")
            let charts = try Self.renderedCharts(dom)
            for chart in ["req-per-s", "vus", "latency", "errors", "data-received", "agent-cpu"] {
                #expect((charts[chart] ?? 0) > 0, "chart \(chart) drew \(charts[chart] ?? -1) points; charts: \(charts)")
            }
            // Loopback traffic crosses no measured interface: the network chart says so instead of a flat 0.
            #expect(dom.contains(#"id="chart-agent-network" data-rendered="0" data-unavailable="1""#), "\(charts)")
            for kpi in ["req_per_s", "p95", "failed", "vus", "data", "checks"] {
                #expect(dom.contains(#"data-kpi="\#(kpi)""#), "no KPI tile \(kpi)")
            }
            let ticks = try Self.yTicks(dom)
            #expect(ticks.count >= 6, "\(ticks)")
            for (chart, values) in ticks { #expect(Self.roundTicks(values), "chart \(chart) ticks \(values)") }
            // Every all-zero chart says so (no failed requests here, so the errors chart is one).
            let allZero = dom.components(separatedBy: #"data-all-zero="1""#).count - 1
            let said = dom.components(separatedBy: #"<p class="chart-note" data-all-zero="1">all 0"#).count - 1
            #expect(allZero >= 1 && said * 2 == allZero, "all-zero charts \(allZero / 2), said so \(said)")
            #expect(dom.contains(#"id="chart-errors" data-rendered"#) && dom.contains("all 0: no failed requests"))
            #expect(dom.contains(#"<tr data-request-row="1" class="total"><td>total</td>"#))
            #expect(dom.components(separatedBy: #"data-request-row="1""#).count - 1 == 3)
            #expect(dom.contains(#"data-check-row="1""#) && dom.contains("feed: status is 200"))
            #expect(dom.components(separatedBy: #"data-scenario-row="1""#).count - 1 == 2)
            #expect(dom.contains(#"data-view="1""#) && dom.contains("constant-arrival-rate"))
            #expect(dom.contains("<path class=\"series s0\""))
            #expect(dom.contains("✓ http_req_failed"))
            #expect(dom.contains("http_req_duration.."))
            // The wind-down seconds after the load (no VU, no request) are not drawn: a cliff to 0
            // in the last second reads as an outage. The page with an idle second appended (as a
            // run that ends between two samples has) draws the VU line to the last second with load.
            var data = try Self.embeddedData(html)
            var seconds = try #require(data["seconds"] as? [[String: Any]])
            func idle(_ row: [String: Any]) -> Bool {
                (row["vus"] as? NSNumber)?.intValue ?? 0 == 0 && (row["http_reqs"] as? NSNumber)?.intValue ?? 0 == 0
            }
            var drawn = seconds.count
            while drawn > 1, idle(seconds[drawn - 1]) { drawn -= 1 }
            var windDown = try #require(seconds.last)
            windDown["vus"] = 0
            windDown["http_reqs"] = 0
            windDown["unix_seconds"] = ((windDown["unix_seconds"] as? NSNumber)?.doubleValue ?? 0) + 1
            seconds.append(windDown)
            data["seconds"] = seconds
            let crafted = Fixtures.temporaryPath("report-wind-down") + ".html"
            try Self.replacingEmbeddedData(html, with: data).write(toFile: crafted, atomically: true, encoding: .utf8)
            let (craftedDOM, _) = try await Self.render("file://" + crafted, chromium: chromium, extra: ["--window-size=1400,2000"])
            let vus = try #require(craftedDOM.range(of: #"id="chart-vus""#))
            let path = try #require(craftedDOM.range(of: #"data-points=""#, range: vus.upperBound..<craftedDOM.endIndex))
            #expect(craftedDOM[path.upperBound...].prefix { $0.isNumber } == "\(drawn)", "VU points vs \(drawn) seconds with load of \(seconds.count)")
            print("report charts drawn: \(charts.sorted { $0.key < $1.key }); y ticks \(ticks.sorted { $0.key < $1.key })")
            _ = target
        }

        /// The data object embedded in a report page.
        static func embeddedData(_ html: String) throws -> [String: Any] {
            let (start, end) = try Self.embeddedDataRange(html)
            return try #require(try JSONSerialization.jsonObject(with: Data(html[start..<end].utf8)) as? [String: Any])
        }

        /// The page with its embedded data replaced (the page's script is untouched, so its
        /// Content-Security-Policy hash still holds).
        static func replacingEmbeddedData(_ html: String, with data: [String: Any]) throws -> String {
            let (start, end) = try Self.embeddedDataRange(html)
            let json = String(decoding: try JSONSerialization.data(withJSONObject: data), as: UTF8.self)
            return String(html[..<start]) + json.replacingOccurrences(of: "<", with: "\\u003c") + String(html[end...])
        }

        static func embeddedDataRange(_ html: String) throws -> (String.Index, String.Index) {
            let open = #"<script type="application/json" id="barrage-data">"#
            let start = try #require(html.range(of: open))
            let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
            return (start.upperBound, end.lowerBound)
        }

        /// The dashboard serves the page during the run; the page fetches /data and draws it.
        @Test func dashboardShowsTheRunWhileItGoes() async throws {
            guard let chromium = Self.chromium() else {
                try RequiredTool.chromium.missing()
                return
            }
            let (target, baseURL) = try await Fixtures.startTarget()
            let port = try ExternalTool.freePort()
            let run = try ChildProcess([
                "run", "--url", baseURL + "/api/posts/", "--vus", "5", "--duration", "12s", "--sleep", "50ms", "--quiet",
                "--expect-status", "200", "--dashboard", "127.0.0.1:\(port)",
            ])
            // Seconds close 3-4 s late (once every agent has reported them): wait until a few have.
            try await Task.sleep(for: .seconds(8))
            let data = try Fixtures.getJSON("http://127.0.0.1:\(port)/data")
            let seconds = try #require(data["seconds"] as? [[String: Any]])
            #expect(seconds.count >= 2)
            let (dom, console) = try await Self.render(
                "http://127.0.0.1:\(port)/", chromium: chromium, extra: ["--virtual-time-budget=2500"])
            #expect(run.isRunning, "the run should still be going")
            #expect(console.isEmpty, "console: \(console)")
            let charts = try Self.renderedCharts(dom)
            #expect((charts["req-per-s"] ?? 0) >= 2, "charts: \(charts)")
            #expect((charts["latency"] ?? 0) >= 2, "charts: \(charts)")
            #expect(dom.contains(#"data-agent="local""#) && dom.contains("local: running"), "\(dom.suffix(3000))")
            #expect(dom.contains(#"data-live="1""#))
            // The KPI tiles, the per-name rows and the checks are live, not "no data yet".
            for kpi in ["req_per_s", "p95", "failed", "vus", "data"] { #expect(dom.contains(#"data-kpi="\#(kpi)""#), "no KPI tile \(kpi)") }
            #expect(dom.contains(#"<tr data-request-row="1" class="total"><td>total</td>"#), "\(dom.suffix(3000))")
            #expect(dom.contains(#"<td>/api/posts/</td>"#) || dom.contains("api/posts/</td>"), "\(dom.suffix(3000))")
            #expect(dom.contains(#"data-check-row="1""#) && dom.contains("status is 200"), "\(dom.suffix(3000))")
            let status = try await run.waitForExit(timeout: 30)
            #expect(status == 0, "stderr: \(run.stderr)")
            print("dashboard: \(seconds.count) seconds served at 8s; charts \(charts.sorted { $0.key < $1.key })")
            _ = target
        }

        /// A run with groups: the report's Groups panel has one row per group the flows declare
        /// (passes, avg, p95; `-` for a group never entered), its markup-like name escaped.
        @Test func reportShowsTheGroupsPanel() async throws {
            guard let chromium = Self.chromium() else {
                try RequiredTool.chromium.missing()
                return
            }
            let (target, base) = try await FlowRunTests.startTarget()
            let report = Fixtures.temporaryPath("groups-report") + ".html"
            let file = GroupsRunTests.file(base).replacingOccurrences(of: "group: never", with: #"group: "<i>never</i>""#)
            let result = try await SessionRunTests.run(file, agents: 0, extra: ["--report", report, "--no-results"])
            #expect(result.run.status == 0, "stderr: \(result.run.stderr)")
            let (dom, console) = try await Self.render("file://" + report, chromium: chromium, extra: ["--window-size=1400,2000"])
            #expect(console.isEmpty, "console: \(console)")
            let rows = dom.components(separatedBy: #"<tr data-group-row="1">"#).dropFirst().map { $0.components(separatedBy: "</tr>")[0] }
            #expect(rows.count == 4, "\(rows)")
            #expect(rows.first?.hasPrefix("<td>::&lt;i&gt;never&lt;/i&gt;</td><td>0</td><td>-</td><td>-</td>") == true, "\(rows)")
            #expect(rows.dropFirst().map { $0.components(separatedBy: "</td>").prefix(2).joined(separator: "|") } == [
                "<td>::browse|<td>\(GroupsRunTests.browsers)", "<td>::checkout|<td>\(GroupsRunTests.buyers)",
                "<td>::checkout::pay|<td>\(GroupsRunTests.buyers)",
            ], "\(rows)")
            #expect(!dom.contains("<i>never</i>"))
            #expect(dom.contains(#"<section id="groups-section" class=""#) && !dom.contains(#"id="groups-section" class="hidden""#))
            print("groups panel: \(rows.count) rows")
            _ = (target, result.processes)
        }
    }
}
