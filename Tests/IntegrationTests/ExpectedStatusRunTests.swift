import Foundation
import Testing

/// #23 item 2: expected statuses decide `http_req_failed`, as k6's `expectedStatuses` do, from the
/// `--expect-status` flag and from a request's own `expectedStatuses`; the `http_req_failed:rate<0.01`
/// threshold `coord init` writes then passes on a target that answers 503 on purpose.
extension IntegrationSuite {
    @Suite struct ExpectedStatusRunTests {
        static let threshold = ["--threshold", "http_req_failed:rate<0.01"]

        /// `--expect-status 503` against a 503: failed 0%, no `http_5xx` line, threshold passed,
        /// exit 0. The same run without the flag counts every request failed (the control).
        @Test func expectStatusDecidesHTTPReqFailed() async throws {
            let (target, base) = try await SessionTarget.start()
            let load = ["--url", base + "/status/503", "--vus", "2", "--duration", "1s", "--sleep", "50ms"]
            let expected = try await ChildProcess.run(["run"] + load + ["--expect-status", "503", "--quiet"] + Self.threshold)
            #expect(expected.status == 0, "\(expected.stdout)\n\(expected.stderr)")
            #expect(expected.stdout.contains("http_req_failed......: 0.00%"), "\(expected.stdout)")
            #expect(expected.stdout.contains("✓ http_req_failed: rate<0.01"), "\(expected.stdout)")
            #expect(!expected.stdout.contains("http_5xx"), "\(expected.stdout)")

            let plain = try await ChildProcess.run(["run"] + load + ["--quiet"] + Self.threshold)
            #expect(plain.status == 99, "\(plain.stdout)\n\(plain.stderr)")
            #expect(plain.stdout.contains("http_req_failed......: 100.00%"), "\(plain.stdout)")
            #expect(plain.stdout.contains("http_5xx"), "\(plain.stdout)")
            _ = target
        }

        /// A request's own `expectedStatuses: [503]` makes its 503s expected; another request of the
        /// same file without it still counts its 503s failed.
        @Test func perRequestExpectedStatuses() async throws {
            let (target, base) = try await SessionTarget.start()
            let scenario = try ScenarioRunTests.writeScenario("""
                target: \(base)
                scenarios:
                  main: {executor: per-vu-iterations, vus: 1, iterations: 10}
                requests:
                  - {name: maintenance, path: /status/503, expectedStatuses: [503], checks: {status: [503]}}
                  - {name: broken, path: /status/503}
                """)
            let export = Fixtures.temporaryPath("export.json")
            let run = try await ChildProcess.run(["run", scenario, "--quiet", "--summary-export", export])
            #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
            let summary = try Fixtures.readExport(export)
            // 20 requests, the 10 to `broken` failed: 50%, and only those are 5xx errors.
            #expect(Fixtures.metric(summary, "http_reqs", "count") == 20, "\(run.stdout)")
            #expect(Fixtures.metric(summary, "http_req_failed", "value") == 0.5, "\(run.stdout)")
            let errors = (summary["barrage"] as? [String: Any])?["errors"] as? [String: Any]
            #expect((errors?["http_5xx"] as? NSNumber)?.intValue == 10, "\(String(describing: errors))")
            _ = target
        }
    }
}
