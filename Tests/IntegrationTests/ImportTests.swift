import BarrageTestSupport
import Foundation
import Testing

extension IntegrationSuite {
    /// `coord import`: recordings made by real producers, imported, then replayed by `coord run`
    /// against a fresh server that refuses every stale value.
    @Suite struct ImportTests {
        static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/import")

        /// Starts `journey_target.py` (a fresh shop: new sessions, tokens and ids); returns it and its URL.
        static func startShop() async throws -> (ChildProcess, String) {
            guard let python = ExternalTool.find("python3") else { throw TestFailure("python3 is not on PATH") }
            let child = try ChildProcess([resources.appendingPathComponent("journey_target.py").path], executable: URL(fileURLWithPath: python))
            let url = try await child.waitForLine(prefix: "listening on ")
            return (child, url.trimmingCharacters(in: .whitespaces))
        }

        static func shopStats(_ url: String) throws -> [String: Any] { try Fixtures.getJSON(url + "/__stats") }

        /// Waits until something accepts connections on the loopback `port`.
        static func waitForPort(_ port: Int, timeout: TimeInterval = 30) async throws {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(UInt16(port).bigEndian)
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                close(fd)
                if connected == 0 { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw TestFailure("nothing listens on port \(port) after \(timeout)s")
        }

        /// Records the shop journey through mitmproxy's reverse proxy; returns the HAR's path.
        static func recordWithMitmproxy(folder: String) async throws -> String {
            guard let mitmdump = ExternalTool.find("mitmdump") else {
                throw TestFailure("mitmdump is not on PATH (pip install mitmproxy; scripts/setup does)")
            }
            guard let python = ExternalTool.find("python3") else { throw TestFailure("python3 is not on PATH") }
            let (shop, shopURL) = try await startShop()
            let port = try ExternalTool.freePort()
            let har = folder + "/journey.har"
            // Through python3 -c: the test process may block or ignore SIGINT, and a child inherits
            // both; mitmdump writes the HAR only when SIGINT stops it.
            let unblocked = "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
                + "signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"
            let proxy = try ChildProcess(
                ["-c", unblocked, mitmdump, "--mode", "reverse:\(shopURL)", "--listen-host", "127.0.0.1", "--listen-port", String(port),
                 "--set", "hardump=\(har)", "-q"],
                executable: URL(fileURLWithPath: python))
            try await waitForPort(port)
            let recorder = try ChildProcess(
                [resources.appendingPathComponent("record_journey.py").path, "http://127.0.0.1:\(port)"], executable: URL(fileURLWithPath: python))
            #expect(try await recorder.waitForExit(timeout: 60) == 0, "\(recorder.stderr)")
            proxy.signal(SIGINT)  // mitmdump writes the HAR when it shuts down
            _ = try await proxy.waitForExit(timeout: 30)
            _ = shop
            guard FileManager.default.fileExists(atPath: har) else { throw TestFailure("mitmdump wrote no HAR: \(proxy.stderr)") }
            return har
        }

        /// The headline: a journey recorded through real mitmproxy (CSRF token in HTML, a second in
        /// a meta tag, a session cookie, a double-submit cookie, a bearer token and a state value
        /// sent back percent-encoded, an order id the next requests must use, static assets,
        /// pauses), imported, and replayed on three agents by several VUs
        /// against a fresh shop: every session completes, nothing is refused, no static request
        /// is made, and iterations last as long as the recorded pauses.
        @Test func mitmproxyRecordingReplaysOnThreeAgentsAgainstAFreshServer() async throws {
            let folder = Fixtures.temporaryPath("import-mitm")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let har = try await Self.recordWithMitmproxy(folder: folder)

            let scenario = folder + "/journey.yaml"
            let yaml = try await Self.importHAR(har, to: scenario, correlating: [
                "correlated csrf: GET / hidden input csrf -> 1 later request",
                "correlated api_csrf: POST /login meta api-csrf -> 1 later request",
                "correlated access_token: POST /api/token $.access_token -> 3 later requests",
                "correlated id: POST /api/orders $.order.id -> 2 later requests",
                // Set-Cookie by /home (the login's redirect), sent back in X-CSRFToken.
                "correlated csrftoken: POST /login cookie csrftoken -> 1 later request",
                // +, / and = in JSON, sent percent-encoded in a query.
                "correlated state: POST /api/token $.state -> 1 later request",
            ])
            #expect(yaml.contains("?state=${urlencode(state)}"))
            let recordedSleepMillis = Self.sleepMillis(in: yaml)
            #expect(recordedSleepMillis >= 1_600, "the recorder paused 0.8 + 0.5 + 0.4 s: \(yaml)")
            try await Self.replayOnThreeAgents(scenario, vus: 6, recordedSleepMillis: recordedSleepMillis, label: "mitmproxy")
        }

        /// `coord import har HAR -o scenario`: exit 0, each of `correlations` reported on stderr, no
        /// static asset in the file; returns the file.
        static func importHAR(_ har: String, to scenario: String, correlating correlations: [String]) async throws -> String {
            let imported = try await ChildProcess.run(["import", "har", har, "-o", scenario])
            #expect(imported.status == 0, "\(imported.stderr)")
            for line in correlations { #expect(imported.stderr.contains(line), "\(imported.stderr)") }
            let yaml = try String(contentsOfFile: scenario, encoding: .utf8)
            #expect(!yaml.contains("/static/"))
            return yaml
        }

        /// The think time a written scenario holds: its `sleep: Nms` lines (a request's own key or a
        /// flow's step), added up.
        static func sleepMillis(in yaml: String) -> Int {
            yaml.split(separator: "\n").compactMap { line -> Int? in
                guard let range = line.range(of: "sleep: "), line.hasSuffix("ms") else { return nil }
                return Int(line[range.upperBound...].dropLast(2))
            }.reduce(0, +)
        }

        /// The issue's check: `scenario` replayed by `vus` VUs on three agents for 5 s against a
        /// fresh shop (new sessions, tokens and ids) is refused nowhere (no 401, 403 or 404), makes
        /// no static request, completes every session it starts, and its iterations last the
        /// recorded think time plus the requests (under 1.5 s more). `extra` adds `coord run` options.
        static func replayOnThreeAgents(_ scenario: String, vus: Int, recordedSleepMillis: Int, label: String, extra: [String] = []) async throws {
            let (fresh, freshURL) = try await startShop()
            let token = try Fixtures.tokenFile()
            let (agents, addresses) = try await Fixtures.startAgents(3, tokenFile: token)
            let export = Fixtures.temporaryPath("import-export.json")
            let run = try await ChildProcess.run([
                "run", scenario, "--url", freshURL, "--vus", String(vus), "--duration", "5s",
                "--agents", addresses, "--token-file", token, "--summary-export", export, "--quiet",
            ] + extra, timeout: 90)
            #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")

            let stats = try shopStats(freshURL)
            let statuses = stats["statuses"] as? [String: Any] ?? [:]
            for refused in ["401", "403", "404"] { #expect(statuses[refused] == nil, "\(stats)") }
            #expect(SessionTarget.int(stats["static"]) == 0)
            let summary = try Fixtures.readExport(export)
            let iterations = Int(Fixtures.metric(summary, "iterations", "count") ?? 0)
            #expect(iterations >= vus)
            #expect(SessionTarget.int(stats["completed"]) == iterations, "\(stats), \(iterations) iterations")
            #expect(Fixtures.metric(summary, "http_req_failed", "passes") == 0)
            #expect(Fixtures.metric(summary, "checks", "fails") == 0)
            let iterationMillis = Fixtures.metric(summary, "iteration_duration", "avg") ?? 0
            print("\(label) import replay: \(iterations) sessions on 3 agents, statuses \(statuses), iteration avg \(iterationMillis) ms, recorded pauses \(recordedSleepMillis) ms")
            #expect(iterationMillis >= Double(recordedSleepMillis), "iterations of \(iterationMillis) ms, recorded pauses \(recordedSleepMillis) ms")
            #expect(iterationMillis < Double(recordedSleepMillis) + 1_500)
            _ = (fresh, agents)
        }

        /// Whether python3 can import Playwright (its driver, without a browser of its own: the
        /// recording uses the system's Chromium).
        static func hasPlaywright() async -> Bool {
            guard let python = ExternalTool.find("python3"),
                let probe = try? await ExternalTool.run(python, ["-c", "import playwright.sync_api"], timeout: 30)  // absent python: not available
            else { return false }
            return probe.status == 0
        }

        /// A second real producer: headless Chromium (the system's, driven by Playwright's
        /// recorder) walks the shop in two tabs, so the HAR has two pages. The import turns them
        /// into two `group:` blocks with the pauses inside, correlates the same values (the form's
        /// hidden input posted by a click, the fetch() calls' tokens, the double-submit cookie,
        /// the percent-encoded state), and the replay against a fresh shop is refused nowhere.
        @Test(.tags(.tool)) func chromiumRecordingReplaysItsPagesAsGroupsAgainstAFreshServer() async throws {
            guard let chromium = ExternalTool.find("chromium") ?? ExternalTool.find("chromium-browser") else { return try RequiredTool.chromium.missing() }
            guard await Self.hasPlaywright() else { return try RequiredTool.pythonPlaywright.missing() }
            guard let python = ExternalTool.find("python3") else { throw TestFailure("python3 is not on PATH") }
            let folder = Fixtures.temporaryPath("import-chromium")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let (shop, shopURL) = try await Self.startShop()
            let har = folder + "/chromium.har"
            let recorder = try ChildProcess(
                [Self.resources.appendingPathComponent("record_chromium.py").path, shopURL, har, chromium], executable: URL(fileURLWithPath: python))
            #expect(try await recorder.waitForExit(timeout: 120) == 0, "\(recorder.stderr)")
            let recording = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: har))) as? [String: Any]
            let log = recording?["log"] as? [String: Any] ?? [:]
            #expect((log["creator"] as? [String: Any])?["name"] as? String == "Playwright")
            #expect((log["browser"] as? [String: Any])?["name"] as? String == "chromium")
            #expect((log["pages"] as? [Any])?.count == 2)
            let recordedStats = try Self.shopStats(shopURL)
            #expect(SessionTarget.int(recordedStats["completed"]) == 1, "the browser's journey: \(recordedStats)")
            // The page's css, js and png (the second load of the css comes from the browser's cache).
            #expect(SessionTarget.int(recordedStats["static"]) ?? 0 >= 3, "the browser loaded the page's assets: \(recordedStats)")

            let scenario = folder + "/chromium.yaml"
            let yaml = try await Self.importHAR(har, to: scenario, correlating: [
                "correlated csrf: GET / hidden input csrf -> 1 later request",
                "correlated api_csrf: GET /home meta api-csrf -> 1 later request",
                "correlated csrftoken: GET /home cookie csrftoken -> 1 later request",
                "correlated access_token: POST /api/token $.access_token -> 3 later requests",
                "correlated state: POST /api/token $.state -> 1 later request",
                "correlated id: POST /api/orders $.order.id -> 2 later requests",
            ])
            #expect(yaml.contains("written by Playwright"))
            // The browser's Origin and Referer name the recorded shop; `--url` moves them to the
            // fresh one, which refuses a POST naming another server.
            #expect(yaml.contains("\"Origin\": \"\(shopURL)\""), "\(yaml)")
            // Two pages, two groups; each page's think time is a sleep step inside its group.
            let lines = yaml.split(separator: "\n").map(String.init)
            // Playwright names a page by its document's title when it writes the page: the sign-in
            // tab shows the form, then /home after the click, so its title is either.
            let groups = lines.filter { $0.hasPrefix("  - group: ") }
            #expect(groups.count == 2 && ["  - group: \"Sign in\"", "  - group: \"Home\""].contains(groups.first ?? "") && groups.last == "  - group: \"Orders\"", "\(yaml)")
            #expect(!lines.contains { $0.hasPrefix("  - name: ") }, "every request is in a page's group: \(yaml)")
            let sleeps = lines.filter { $0.hasPrefix("      - sleep: ") }
            #expect(sleeps.count >= 3, "the pauses are sleep steps inside the groups: \(yaml)")
            let recordedSleepMillis = Self.sleepMillis(in: yaml)
            #expect(recordedSleepMillis >= 1_600, "the browser paused 0.8 + 0.5 + 0.4 s: \(yaml)")
            // The Orders page holds the 0.5 and 0.4 s pauses: its group lasts at least that long
            // (a threshold on the group's own metric; a failed threshold fails the run).
            let thresholds = yaml + "thresholds:\n  \"group_duration{group:::Orders}\": [\"min>=900\"]\n"
            let checked = folder + "/chromium-thresholds.yaml"
            try thresholds.write(toFile: checked, atomically: true, encoding: .utf8)
            try await Self.replayOnThreeAgents(checked, vus: 3, recordedSleepMillis: recordedSleepMillis, label: "chromium")
            _ = shop
        }

        /// The same producer without Playwright installed: `playwright-chromium.har` is what
        /// `record_chromium.py` wrote on 2026-12-08 (Playwright 1.65.2 recording Chromium
        /// 156.0.8078.129, headless, against journey_target.py on port 39743), checked in as it was.
        /// Its values are long dead, its origin is another port: imported and replayed with `--url`
        /// against a fresh shop, every session completes with nothing refused.
        @Test func aCheckedInChromiumRecordingReplaysAgainstAFreshServer() async throws {
            let folder = Fixtures.temporaryPath("import-chromium-file")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let scenario = folder + "/chromium.yaml"
            let yaml = try await Self.importHAR(Self.resources.appendingPathComponent("playwright-chromium.har").path, to: scenario, correlating: [
                "correlated csrf: GET / hidden input csrf -> 1 later request",
                "correlated csrftoken: GET /home cookie csrftoken -> 1 later request",
                "correlated state: POST /api/token $.state -> 1 later request",
            ])
            let groups = yaml.split(separator: "\n").filter { $0.hasPrefix("  - group: ") }
            #expect(groups == ["  - group: \"Home\"", "  - group: \"Orders\""], "\(yaml)")
            try await Self.replayOnThreeAgents(scenario, vus: 3, recordedSleepMillis: Self.sleepMillis(in: yaml), label: "checked-in chromium")
        }

        /// Bad recordings: one line and exit code 2, or a warning per skipped entry and a file
        /// `coord run` accepts (run here against the demo target).
        @Test func badRecordingsAreOneLineOrWarningsAndEveryWrittenFileRuns() async throws {
            let folder = Fixtures.temporaryPath("import-bad")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for (name, text) in [("html.har", "<html>not json</html>"), ("truncated.har", #"{"log": {"entries": [{"request": "#), ("empty.har", "")] {
                try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
                let result = try await ChildProcess.run(["import", "har", folder + "/" + name, "-o", folder + "/out.yaml"])
                #expect(result.status == 2)
                #expect(result.stderr.hasPrefix("error: not a HAR file: "), "\(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1)
            }
            #expect(!FileManager.default.fileExists(atPath: folder + "/out.yaml"))

            let (target, targetURL) = try await Fixtures.startTarget()
            let odd = """
                {"log": {"version": "1.1", "pages": [{"id": "p", "title": "Feed: \\"quoted\\" # not a comment"}], "entries": [
                  {"pageref": "p", "startedDateTime": "2024-05-01T10:00:00.000Z", "time": 12,
                   "request": {"method": "POST", "url": "\(targetURL)/api/posts/?q=a b", "headers": [{"name": "X-Dollar", "value": "${vu} $${x}"}, {"name": "Bad Name", "value": "x"}],
                     "postData": {"mimeType": "multipart/form-data; boundary=B", "text": "--B\\r\\nContent-Disposition: form-data; name=\\"f\\"\\r\\n\\r\\n\\u0001${x}\\r\\n--B--\\r\\n"}},
                   "response": {"status": 200, "headers": [], "content": {"mimeType": "application/json", "text": "{\\"id\\": \\"abc-123456\\"}"}}},
                  {"pageref": "p", "startedDateTime": "2024-05-01T10:00:01.500Z", "time": 3,
                   "request": {"method": "GET", "url": "\(targetURL)/api/posts/?id=abc-123456", "headers": []},
                   "response": {"status": 200, "headers": [], "content": {"mimeType": "application/json", "text": "[]"}}},
                  {"request": {"method": "GET", "url": "file:///etc/passwd"}, "response": {"status": 200}},
                  {"request": {"method": "GET", "url": "\(targetURL)/api/posts/?id=abc-123456"}, "response": {"status": 0}},
                  {"request": {"method": "PUT", "url": "\(targetURL)/up", "postData": {"encoding": "base64", "text": "/wD+"}}, "response": {"status": 200}},
                  {"request": {"method": "GET", "url": "\(targetURL)/api/posts/?id=abc-123456"}, "response": {"status": 200}}
                ]}}
                """
            try odd.write(toFile: folder + "/odd.har", atomically: true, encoding: .utf8)
            let scenario = folder + "/odd.yaml"
            let imported = try await ChildProcess.run(["import", "har", folder + "/odd.har", "-o", scenario])
            #expect(imported.status == 0, "\(imported.stderr)")
            let warnings = imported.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
            #expect(warnings.count == 4, "file://, status 0, a binary body, a bad header name: \(imported.stderr)")
            #expect(FileManager.default.fileExists(atPath: folder + "/odd-1.body"))
            let run = try await ChildProcess.run(["run", scenario, "--summary-export", folder + "/odd.json", "--quiet"], timeout: 60)
            #expect(run.status == 0, "coord run refused what coord import wrote: \(run.stderr)")
            let summary = try Fixtures.readExport(folder + "/odd.json")
            #expect(Fixtures.metric(summary, "http_reqs", "count") ?? 0 >= 1)
            _ = target
        }

        /// A real FastAPI app's own /openapi.json, imported and replayed: every operation answered
        /// 2xx (FastAPI validates each request against the document, so a wrong example is a 422),
        /// the item id taken from POST /items through the document's links, and the API key read
        /// from `${env.APIKEYHEADER}`.
        @Test func fastAPIDocumentReplaysWithEveryOperationAnswered2xx() async throws {
            guard let python = ExternalTool.find("python3") else { throw TestFailure("python3 is not on PATH") }
            let port = try ExternalTool.freePort()
            let key = "k-\(UUID().uuidString)"
            let app = try ChildProcess(
                ["SHOP_KEY=\(key)", python, Self.resources.appendingPathComponent("openapi_app.py").path, String(port)],
                executable: URL(fileURLWithPath: "/usr/bin/env"))
            try await Self.waitForPort(port)
            let base = "http://127.0.0.1:\(port)"
            let folder = Fixtures.temporaryPath("import-openapi")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let spec = try Fixtures.getJSON(base + "/openapi.json")
            try JSONSerialization.data(withJSONObject: spec).write(to: URL(fileURLWithPath: folder + "/openapi.json"))
            let operations = (spec["paths"] as? [String: Any] ?? [:]).values.reduce(0) { $0 + (($1 as? [String: Any])?.count ?? 0) }

            let scenario = folder + "/api.yaml"
            let imported = try await ChildProcess.run(["import", "openapi", folder + "/openapi.json", "-o", scenario])
            #expect(imported.status == 0, "\(imported.stderr)")
            let yaml = try String(contentsOfFile: scenario, encoding: .utf8)
            #expect(yaml.contains("${env.APIKEYHEADER}"))
            #expect(yaml.contains("path: \"/items/${id}\""))

            let child = try ChildProcess(
                ["APIKEYHEADER=\(key)", ChildProcess.coordURL.path, "run", scenario, "--url", base, "--summary-export", folder + "/s.json", "--quiet"],
                executable: URL(fileURLWithPath: "/usr/bin/env"))
            #expect(try await child.waitForExit(timeout: 60) == 0, "\(child.stderr)")
            let calls = try Fixtures.getJSON(base + "/__calls")
            #expect(calls.count == operations, "\(calls)")
            for (operation, statuses) in calls {
                let codes = (statuses as? [String: Any] ?? [:]).keys
                #expect(codes.allSatisfy { $0.hasPrefix("2") }, "\(operation): \(statuses)")
            }
            let summary = try Fixtures.readExport(folder + "/s.json")
            #expect(Fixtures.metric(summary, "http_reqs", "count") == Double(operations))
            #expect(Fixtures.metric(summary, "checks", "fails") == 0)

            // Without the variable, coord run refuses the file in one line (exit 2).
            let unset = try await ChildProcess.run(["run", scenario, "--url", base, "--quiet"])
            #expect(unset.status == 2)
            #expect(unset.stderr.contains("the environment variable APIKEYHEADER is not set"))
            _ = app
        }

        /// A 200 MB recording is streamed: the importer's peak resident set stays well under the
        /// file's size (pages it has read are given back; bodies kept for checking are capped),
        /// and every one of its 1999 tokens is still correlated.
        @Test func a200MegabyteRecordingIsImportedInBoundedMemory() async throws {
            guard let python = ExternalTool.find("python3") else { throw TestFailure("python3 is not on PATH") }
            let folder = Fixtures.temporaryPath("import-big")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }  // 200 MB of temporary files: best effort
            let har = folder + "/big.har"
            let made = try await ExternalTool.run(python, [Self.resources.appendingPathComponent("big_har.py").path, har, "200"], timeout: 120)
            #expect(made.status == 0)
            let size = try #require(try FileManager.default.attributesOfItem(atPath: har)[.size] as? NSNumber).intValue
            // RUSAGE_CHILDREN from a parent whose only child is the import: its own peak RSS.
            let measure = "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL); "
                + "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.stderr.decode().count('correlated '))"
            let run = try await ExternalTool.run(
                python, ["-c", measure, ChildProcess.coordURL.path, "import", "har", har, "-o", folder + "/big.yaml"], timeout: 240)
            let fields = run.stdout.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
            #expect(fields.count == 3, "\(run.stdout)")
            guard fields.count == 3 else { return }
            let peakBytes = fields[1] * 1024
            print("import of a \(size >> 20) MB HAR: peak RSS \(peakBytes >> 20) MB, \(fields[2]) correlations")
            #expect(fields[0] == 0)
            #expect(fields[2] == 1999)
            #expect(peakBytes < size * 3 / 4, "peak \(peakBytes >> 20) MB for a \(size >> 20) MB file")
        }
    }
}
