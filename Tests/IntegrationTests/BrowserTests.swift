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

        @Test func reportDrawsEveryChartInChromium() async throws {
            guard let chromium = Self.chromium() else {
                try RequiredTool.chromium.missing()
                return
            }
            let (target, baseURL) = try await Fixtures.startTarget()
            let report = Fixtures.temporaryPath("report") + ".html"
            let run = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--vus", "10", "--duration", "3s", "--sleep", "50ms", "--quiet",
                "--report", report, "--threshold", "http_req_failed:rate<0.01",
            ])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let html = try String(contentsOfFile: report, encoding: .utf8)
            #expect(!html.contains("http://") || !html.contains("<script src"))
            let dom = try await ExternalTool.run(chromium, Self.chromiumFlags + ["--dump-dom", "file://" + report], timeout: 60)
            #expect(dom.status == 0)
            let charts = try Self.renderedCharts(dom.stdout)
            for chart in ["req-per-s", "vus", "latency", "errors", "data-received", "agent-cpu", "agent-network"] {
                #expect((charts[chart] ?? 0) > 0, "chart \(chart) drew \(charts[chart] ?? -1) points; charts: \(charts)")
            }
            #expect(dom.stdout.contains("<path class=\"series\""))
            #expect(dom.stdout.contains("data-request-row=\"1\""))
            #expect(dom.stdout.contains("✓ http_req_failed"))
            #expect(dom.stdout.contains("http_req_duration.."))
            print("report charts drawn: \(charts.sorted { $0.key < $1.key })")
            _ = target
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
                "--dashboard", "127.0.0.1:\(port)",
            ])
            // Seconds close 3-4 s late (once every agent has reported them): wait until a few have.
            try await Task.sleep(for: .seconds(8))
            let data = try Fixtures.getJSON("http://127.0.0.1:\(port)/data")
            let seconds = try #require(data["seconds"] as? [[String: Any]])
            #expect(seconds.count >= 2)
            let dom = try await ExternalTool.run(
                chromium, Self.chromiumFlags + ["--virtual-time-budget=2500", "--dump-dom", "http://127.0.0.1:\(port)/"], timeout: 30)
            #expect(run.isRunning, "the run should still be going")
            let charts = try Self.renderedCharts(dom.stdout)
            #expect((charts["req-per-s"] ?? 0) >= 2, "charts: \(charts)")
            #expect((charts["latency"] ?? 0) >= 2, "charts: \(charts)")
            #expect(dom.stdout.contains(#"data-agent="local""#) && dom.stdout.contains("local: running"), "\(dom.stdout.suffix(3000))")
            #expect(dom.stdout.contains(#"data-live="1""#))
            let status = try await run.waitForExit(timeout: 30)
            #expect(status == 0, "stderr: \(run.stderr)")
            print("dashboard: \(seconds.count) seconds served at 8s; charts \(charts.sorted { $0.key < $1.key })")
            _ = target
        }
    }
}
