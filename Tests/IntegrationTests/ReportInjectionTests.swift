import BarrageCore
import BarrageTestSupport
import Foundation
import Testing

extension IntegrationSuite {
    /// Names that break out of the report page's markup, loaded in a real browser (#21 item 4), and
    /// the dashboard's `Host` check against DNS rebinding, over real processes and real HTTP.
    @Suite(.tags(.tool)) struct ReportInjectionTests {
        /// A run whose request names are `name` and a bidi-override name, against the local target.
        static func scenario(target baseURL: String, folder: String) throws -> String {
            let path = folder + "/hostile.yaml"
            try """
            target: \(baseURL)
            scenarios:
              once: {executor: per-vu-iterations, vus: 1, iterations: 3, maxDuration: 10s}
            requests:
              - {name: \(Self.yamlQuoted(HostileText.scriptBreakout)), path: /api/posts/}
              - {name: \(Self.yamlQuoted("\u{0600}\u{202E}evil\u{2066}x")), path: /api/posts/}
            """.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        /// A YAML double-quoted scalar spelling every non-ASCII scalar as `\u`/`\U`.
        static func yamlQuoted(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where scalar.value > 0xFFFF: out += String(format: "\\U%08X", scalar.value)
                case _ where scalar.value > 0x7E || scalar.value < 0x20: out += String(format: "\\u%04X", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }

        /// The page after Chromium ran it (2.5 s of virtual time, so an `onerror` would have fired).
        static func dom(_ chromium: String, _ file: String) async throws -> String {
            let dom = try await ExternalTool.run(
                chromium, BrowserTests.chromiumFlags + ["--virtual-time-budget=2500", "--dump-dom", "file://" + file], timeout: 60)
            #expect(dom.status == 0)
            return dom.stdout
        }

        /// Nothing injected ran, the page's own script did (the policy allows it by hash), and the
        /// name shows as text. The data block spells `<` as `\u003c`, so the name as escaped text
        /// in the DOM is there only because the page's script put it there; `charts` also asks for
        /// a drawn chart.
        static func expectSafe(_ dom: String, _ what: String, charts: Bool = true) throws {
            #expect(!dom.contains("<title>XSS</title>"), "\(what): the injected onerror ran")
            #expect(!dom.contains("<img"), "\(what): an <img> element was created")
            #expect(dom.contains(#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-"#), "\(what)")
            if charts {
                #expect((try BrowserTests.renderedCharts(dom)["req-per-s"] ?? 0) > 0, "\(what): the page's own script did not draw")
            }
            #expect(dom.contains("&lt;img src=x onerror=document.title='XSS'&gt;"), "\(what): the name is not shown as text")
        }

        /// How often `needle` occurs in `text`, counted on UTF-8 bytes: `components(separatedBy:)`
        /// finds no match that starts inside a grapheme (after U+0600), the case this suite is about.
        static func occurrences(of needle: String, in text: String) -> Int {
            let bytes = Array(text.utf8), pattern = Array(needle.utf8)
            guard !pattern.isEmpty, bytes.count >= pattern.count else { return 0 }
            return (0...(bytes.count - pattern.count)).count { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) }
        }

        @Test func hostileRequestNamesRunNoScriptInTheReportOrItsRerender() async throws {
            guard let chromium = BrowserTests.chromium() else {
                try RequiredTool.chromium.missing()
                return
            }
            let (target, baseURL) = try await Fixtures.startTarget()
            let folder = Fixtures.temporaryPath("report-xss")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let report = folder + "/report.html"
            let run = try await ChildProcess.run([
                "run", try Self.scenario(target: baseURL, folder: folder), "--quiet", "--report", report, "--results", folder + "/results",
            ])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            // The summary shows the bidi override escaped, never raw.
            #expect(!run.stdout.contains("\u{202E}") && run.stdout.contains("\\u{202E}evil\\u{2066}x"), "\(run.stdout)")
            try Self.expectSafe(try await Self.dom(chromium, report), "coord run --report")

            // The same through `coord report` on the journal.
            let runs = try FileManager.default.contentsOfDirectory(atPath: folder + "/results")
            let runFolder = folder + "/results/" + (try #require(runs.first))
            try FileManager.default.removeItem(atPath: runFolder + "/report.html")
            let rerender = try await ChildProcess.run(["report", runFolder])
            #expect(rerender.status == 0, "stderr: \(rerender.stderr)")
            #expect(!rerender.stdout.contains("\u{202E}") && rerender.stdout.contains("\\u{202E}evil"), "\(rerender.stdout)")
            try Self.expectSafe(try await Self.dom(chromium, runFolder + "/report.html"), "coord report")
            _ = target
        }

        /// A token-holding agent needs no scenario to put text in the report: the reason of its
        /// `stop_test` and a series name the run does not have (which marks it lost, the name
        /// quoted in the note) both reach the summary. Neither runs script.
        @Test func aTokenHoldingAgentsWordsRunNoScriptInTheReport() async throws {
            guard let chromium = BrowserTests.chromium() else {
                try RequiredTool.chromium.missing()
                return
            }
            typealias Hostile = IntegrationSuite.HostileAgentTests
            let stopper = try await Hostile.FakeAgent(name: "stopper") { runId, start in
                // A second after the namer's sample, so the run is still going when that arrives.
                Thread.sleep(forTimeInterval: 1)
                var sample = Hostile.sample(runId, seq: 1, start: start)
                sample.stopTest = HostileText.scriptBreakout
                return [sample]
            }
            let namer = try await Hostile.FakeAgent(name: "namer") { runId, start in
                let histogram = HdrV2Codec.encodeBase64(LatencyHistogram.make())
                let series = SeriesSample(name: HostileText.scriptBreakout, method: "GET", status: 200, counters: Counters(), httpReqDuration: histogram)
                return [Hostile.sample(runId, seq: 1, start: start, series: [series])]
            }
            let (target, url) = try await Fixtures.startTarget()
            let token = try Fixtures.tokenFile(Hostile.token)
            let (agent, address) = try await Fixtures.startAgent(tokenFile: token)
            let report = Fixtures.temporaryPath("report-agent-xss") + ".html"
            let run = try await ChildProcess.run([
                "run", "--url", url + "/api/posts/", "--vus", "3", "--duration", "4s", "--sleep", "100ms", "--no-results", "--report", report,
                "--agents", "\(address),127.0.0.1:\(stopper.port),127.0.0.1:\(namer.port)", "--token-file", token,
            ])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            // Both texts reached the summary, raw but for control characters.
            #expect(run.stdout.contains("stopped the test: " + HostileText.scriptBreakout), "\(run.stdout)")
            #expect(run.stdout.contains("series name '" + HostileText.scriptBreakout + "' is not a request of this run"), "\(run.stdout)")
            let dom = try await Self.dom(chromium, report)
            try Self.expectSafe(dom, "notes from a token-holding agent", charts: false)
            #expect(Self.occurrences(of: "&lt;img src=x onerror=document.title='XSS'&gt;", in: dom) >= 2, "both notes shown")
            _ = (target, agent)
        }

        /// Were the escaping ever bypassed, the policy still stops the injected handler; without the
        /// policy the same page runs it (so this test can see a script run).
        @Test func thePolicyBlocksMarkupThatEscapedTheEscaping() async throws {
            guard let chromium = BrowserTests.chromium() else {
                try RequiredTool.chromium.missing()
                return
            }
            let (target, baseURL) = try await Fixtures.startTarget()
            let report = Fixtures.temporaryPath("report-csp") + ".html"
            let run = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--vus", "2", "--duration", "2s", "--quiet", "--no-results", "--report", report,
            ])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let page = try String(contentsOfFile: report, encoding: .utf8)
            let injection = #"<img src=x onerror="document.title='XSS'"><div id="styled" style="display:none">styled</div>"#
            let injected = page.replacingOccurrences(of: "<header>", with: injection + "<header>")
            #expect(injected != page)
            try injected.write(toFile: report, atomically: true, encoding: .utf8)
            let dom = try await Self.dom(chromium, report)
            #expect(!dom.contains("<title>XSS</title>"), "the policy let the injected onerror run")
            #expect((try BrowserTests.renderedCharts(dom)["req-per-s"] ?? 0) > 0, "the policy blocked the page's own script")

            let start = try #require(injected.range(of: "<meta http-equiv=\"Content-Security-Policy\""))
            let end = try #require(injected.range(of: ">", range: start.upperBound..<injected.endIndex))
            try (String(injected[..<start.lowerBound]) + String(injected[end.upperBound...])).write(toFile: report, atomically: true, encoding: .utf8)
            #expect(try await Self.dom(chromium, report).contains("<title>XSS</title>"), "without the policy the handler should run")
            _ = target
        }

        /// DNS rebinding: a request naming another host gets 421; the dashboard's own names get the page.
        @Test func theDashboardAnswersOnlyItsOwnHostNames() async throws {
            let curl = try #require(ExternalTool.find("curl"))
            let (target, baseURL) = try await Fixtures.startTarget()
            let port = try ExternalTool.freePort()
            let run = try ChildProcess([
                "run", "--url", baseURL + "/api/posts/", "--vus", "1", "--duration", "6s", "--sleep", "100ms", "--quiet", "--no-results",
                "--dashboard", "127.0.0.1:\(port)",
            ])
            try await Task.sleep(for: .seconds(2))
            func get(host: String, path: String = "/") async throws -> String {
                try await ExternalTool.run(curl, ["-s", "-i", "--max-time", "5", "-H", "Host: " + host, "http://127.0.0.1:\(port)" + path], timeout: 10).stdout
            }
            for host in ["evil.example:\(port)", "127.0.0.1.evil.example:\(port)", "localhost.evil.example", "127.0.0.2:\(port)"] {
                for path in ["/", "/data"] {
                    let answer = try await get(host: host, path: path)
                    #expect(answer.hasPrefix("HTTP/1.1 421"), "Host \(host) \(path): \(answer.prefix(200))")
                    #expect(!answer.contains("seconds") && !answer.contains("<html"), "\(answer.prefix(300))")
                }
            }
            for host in ["127.0.0.1:\(port)", "localhost:\(port)", "[::1]:\(port)", "localhost:8080"] {
                let answer = try await get(host: host)
                #expect(answer.hasPrefix("HTTP/1.1 200"), "Host \(host): \(answer.prefix(200))")
                #expect(answer.lowercased().contains("content-security-policy: default-src 'none'"), "\(answer.prefix(600))")
                #expect(answer.contains("connect-src 'self'"))
            }
            let status = try await run.waitForExit(timeout: 30)
            #expect(status == 0, "stderr: \(run.stderr)")
            _ = target
        }
    }
}
