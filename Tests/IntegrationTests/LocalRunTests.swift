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

        /// Ctrl-C stops gracefully and still prints the summary.
        @Test func interruptStillPrintsSummary() async throws {
            let (target, baseURL) = try await Fixtures.startTarget()
            let run = try ChildProcess(["run", "--url", baseURL + "/api/posts/", "--vus", "10", "--duration", "60s", "--sleep", "100ms"])
            try await Task.sleep(for: .seconds(2))
            run.signal(SIGINT)
            let status = try await run.waitForExit(timeout: 20)
            #expect(status == 0, "stderr: \(run.stderr)")
            #expect(run.stdout.contains("interrupted"))
            #expect(run.stdout.contains("http_reqs"))
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
