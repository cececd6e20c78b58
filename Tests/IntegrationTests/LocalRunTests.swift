import BarrageTarget
import Foundation
import Testing

extension IntegrationSuite {
    @Suite struct LocalRunTests {
        /// `coord target` + `coord run` with 50 VUs for 3 s: the target's own count equals http_reqs.
        @Test func runCountsExactlyWhatTheTargetServed() async throws {
            let (target, baseURL) = try await Fixtures.startTarget()
            let export = Fixtures.temporaryPath("export.json")
            let run = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--vus", "50", "--duration", "3s", "--sleep", "100ms",
                "--summary-export", export, "--quiet",
            ])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let json = try Fixtures.readExport(export)
            let requests = try #require(Fixtures.metric(json, "http_reqs", "count"))
            let served = try Fixtures.feedCount(baseURL: baseURL)
            #expect(requests > 500)
            #expect(Int(requests) == served)
            #expect(Fixtures.metric(json, "checks", "fails") == 0)
            #expect(Fixtures.metric(json, "checks", "passes") == requests)
            #expect(Fixtures.metric(json, "http_req_failed", "value") == 0)
            let received = try #require(Fixtures.metric(json, "data_received", "count"))
            let pageBytes = Double(FeedPage.body.count)
            // Body plus a few hundred bytes of headers per response.
            #expect(received >= requests * pageBytes)
            #expect(received <= requests * (pageBytes + 400))
            #expect(run.stdout.contains("http_req_duration"))
            #expect(run.stdout.contains("checks"))
            _ = target
        }

        @Test func unreachableTargetIsReportedNotFatal() async throws {
            let run = try await ChildProcess.run(["run", "--url", "http://127.0.0.1:1/", "--vus", "2", "--duration", "1s", "--sleep", "200ms", "--quiet"])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stdout.contains("connection_refused"))
            #expect(run.stdout.contains("http_req_failed"))
        }

        /// Ctrl-C stops gracefully, still prints the summary, and exits 130 (not 0: the run did not
        /// go to its end); so do two Ctrl-Cs (stop at once) and SIGTERM.
        @Test(arguments: [[SIGINT], [SIGINT, SIGINT], [SIGTERM]])
        func interruptStillPrintsSummaryAndExits130(signals: [Int32]) async throws {
            let (target, baseURL) = try await Fixtures.startTarget()
            let run = try ChildProcess(["run", "--url", baseURL + "/api/posts/", "--vus", "10", "--duration", "60s", "--sleep", "100ms"])
            try await Task.sleep(for: .seconds(2))
            for number in signals {
                run.signal(number)
                try await Task.sleep(for: .milliseconds(100))
            }
            let status = try await run.waitForExit(timeout: 20)
            #expect(status == 130, "stderr: \(run.stderr)")
            #expect(run.stdout.contains("interrupted"))
            #expect(run.stdout.contains("http_reqs"))
            #expect(!run.stderr.contains("error:"), "stderr: \(run.stderr)")
            _ = target
        }

        /// `--report` and `--summary-export` in a folder that does not exist fail (exit 2, one line)
        /// before the first request, not after the whole run.
        @Test(arguments: ["--report", "--summary-export"])
        func outputPathsAreCheckedBeforeTheFirstRequest(flag: String) async throws {
            let (target, baseURL) = try await Fixtures.startTarget()
            let started = Date()
            let run = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--vus", "2", "--duration", "20s", "--quiet",
                flag, "/nonexistent/dir/r.html", "--no-results",
            ])
            #expect(run.status == 2, "stderr: \(run.stderr)")
            #expect(run.stderr.contains("/nonexistent/dir/r.html"), "stderr: \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "stderr: \(run.stderr)")
            #expect(Date().timeIntervalSince(started) < 15)
            #expect(try Fixtures.feedCount(baseURL: baseURL) == 0)
            _ = target
        }

        /// `user:password@` in the URL reaches the target but no name, summary, journal, report or
        /// export: every file of the run and everything printed is searched for it.
        @Test func credentialsInTheURLAreShownNowhere() async throws {
            let (target, baseURL) = try await Fixtures.startTarget()
            let folder = Fixtures.temporaryPath("redaction")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let url = baseURL.replacingOccurrences(of: "http://", with: "http://tester:s3cr3t-word@") + "/api/posts/"
            let run = try await ChildProcess.run([
                "run", "--url", url, "--vus", "2", "--duration", "1s", "--sleep", "100ms",
                "--results", folder + "/results", "--report", folder + "/report.html", "--summary-export", folder + "/export.json",
            ])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(try Fixtures.feedCount(baseURL: baseURL) > 0)
            #expect(!run.stdout.contains("s3cr3t") && !run.stderr.contains("s3cr3t"), "\(run.stdout)\n\(run.stderr)")
            #expect(run.stdout.contains("http://***@"))
            let files = try FileManager.default.subpathsOfDirectory(atPath: folder)
            #expect(files.count >= 5, "\(files)")
            for file in files {
                let path = folder + "/" + file
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                #expect(!String(decoding: data, as: UTF8.self).contains("s3cr3t"), "\(file) holds the password")
            }
            let runFolder = try #require(try FileManager.default.contentsOfDirectory(atPath: folder + "/results").first)
            let replay = try await ChildProcess.run(["report", folder + "/results/" + runFolder])
            #expect(replay.status == 0, "stderr: \(replay.stderr)")
            #expect(!replay.stdout.contains("s3cr3t"))
            _ = target
        }

        /// The header says the plan's VUs and the `vus` row never contradicts itself: a ramp whose
        /// peak falls between samples, and one VU that runs its iterations within a second.
        @Test func vuFiguresAgree() async throws {
            let (target, baseURL) = try await Fixtures.startTarget()
            let folder = Fixtures.temporaryPath("vus")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try """
            target: \(baseURL)
            scenarios:
              once: {executor: per-vu-iterations, vus: 1, iterations: 3, maxDuration: 10s}
            requests:
              - {name: feed, path: /api/posts/}
            """.write(toFile: folder + "/once.yaml", atomically: true, encoding: .utf8)
            let once = try await ChildProcess.run(["run", folder + "/once.yaml", "--quiet", "--no-results"])
            let ramp = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--stages", "1500ms:6,1s:0", "--sleep", "50ms", "--quiet", "--no-results",
            ])
            for (run, planned) in [(once, 1), (ramp, 6)] {
                #expect(run.status == 0, "stderr: \(run.stderr)")
                #expect(run.stdout.contains(", \(planned) VUs, 1 agent"), "\(run.stdout)")
                let row = try #require(run.stdout.split(separator: "\n").first { $0.contains("vus....") })
                let numbers = row.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
                #expect(numbers.count == 3, "\(row)")
                let (value, least, most) = (numbers[0], numbers[1], numbers[2])
                #expect(least <= value && value <= most && most >= 1 && most <= planned, "\(row)")
            }
            _ = target
        }

        /// #23 items 4 and 10: in a real 80-column terminal (a pseudo-terminal from `script`, sized with
        /// `stty`), every redraw of the live line fits in 79 columns (so it never wraps and leaves no
        /// debris), says what p95 covers, and its totals never run behind its rate: the requests
        /// counted so far are at least the latest second's rate.
        @Test func liveLineFitsAnEightyColumnTerminal() async throws {
            guard let script = ExternalTool.find("script"), ExternalTool.find("stty") != nil else {
                Issue.record("script (bsdutils) and stty (coreutils) are part of every Debian system")
                return
            }
            let (target, baseURL) = try await Fixtures.startTarget()
            let log = Fixtures.temporaryPath("tty") + ".log"
            let command = "stty cols 80 rows 24; '\(ChildProcess.coordURL.path)' run --url \(baseURL)/api/posts/ --vus 20 --duration 3s "
                + "--sleep 300ms --no-results >/dev/null"
            let run = try await ExternalTool.run(script, ["-qfec", command, log], timeout: 60)
            #expect(run.status == 0)
            let text = try String(contentsOfFile: log, encoding: .utf8)
            let redraws = text.components(separatedBy: "\u{1B}[2K").dropFirst().map { $0.components(separatedBy: CharacterSet(charactersIn: "\r\n"))[0] }
                .filter { $0.hasPrefix("running (") }
            #expect(redraws.count >= 3, "\(text.debugDescription)")
            for line in redraws {
                #expect(line.count < 80, "\(line.count) columns: \(line)")
                #expect(line.contains("p95(10s)=") && line.contains(" req/s") && line.hasSuffix(" failed"), "\(line)")
            }
            // Out of a terminal (a log), the whole line: totals and the rate agree.
            let logged = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--vus", "20", "--duration", "3s", "--sleep", "300ms", "--no-results",
            ])
            let lines = logged.stderr.split(separator: "\n").filter { $0.hasPrefix("running (") }
            #expect(lines.count >= 3, "\(logged.stderr)")
            for line in lines {
                let words = line.split(separator: " ")
                guard let reqs = words.firstIndex(of: "reqs").flatMap({ Double(words[$0 - 1]) }),
                    let rate = words.firstIndex(of: "req/s").flatMap({ Double(words[$0 - 1]) }),
                    words.contains("iterations")
                else {
                    Issue.record("no totals in \(line)")
                    continue
                }
                #expect(reqs >= rate, "requests so far \(reqs) < rate \(rate): \(line)")
            }
            _ = target
        }

        /// Thresholds are evaluated on the merged result: ✓/✗ with the observed value, exit 99 on failure.
        @Test func thresholdsPassOrExitNinetyNine() async throws {
            let (target, baseURL) = try await Fixtures.startTarget()
            let passing = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--vus", "2", "--duration", "1s", "--sleep", "100ms", "--quiet",
                "--threshold", "http_req_failed:rate<0.01", "--threshold", "http_reqs:count>5",
            ])
            #expect(passing.status == 0, "stderr: \(passing.stderr)")
            #expect(passing.stdout.contains("✓ http_req_failed"))
            let failing = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--vus", "2", "--duration", "1s", "--sleep", "100ms", "--quiet",
                "--threshold", "http_req_duration:p(95)<0.001",
            ])
            #expect(failing.status == 99, "stderr: \(failing.stderr)")
            #expect(failing.stdout.contains("✗ http_req_duration"))
            #expect(failing.stdout.contains("http_reqs"))
            let bad = try await ChildProcess.run(["run", "--url", baseURL, "--threshold", "http_req_duration:p95<1"])
            #expect(bad.status == 2)
            _ = target
        }
    }
}
