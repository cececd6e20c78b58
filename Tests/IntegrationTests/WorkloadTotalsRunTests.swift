import Foundation
import Testing

extension IntegrationSuite {
    /// The workload model's totals end to end (#20 "Tests"): three real agents against a target
    /// that counts every method and path (`Resources/scenario_target.py`); the export's scenario,
    /// group and request-tag counts equal what the target saw, setup and teardown are the groups
    /// `::setup` / `::teardown`, and thresholds on `{scenario:}`, `{group:}` and a request tag
    /// pass and fail as they should.
    @Suite struct WorkloadTotalsRunTests {
        static let file = """
            setup:
              - {name: admin-login, method: POST, path: /admin/login, extract: {adminToken: {json: "$.token"}}}
              - group: warm
                steps: [{name: warm, path: /setup/warm}]
            teardown:
              - {name: cleanup, method: DELETE, path: /admin/session, headers: {X-Admin: "${setup.adminToken}"}}
            flows:
              browse:
                - {name: home, path: "/browse/${agent}", headers: {X-Admin: "${setup.adminToken}"}, sleep: 100ms}
              checkout:
                - group: checkout
                  steps:
                    - {name: order, method: POST, path: "/order/${agent}", tags: {kind: write}, headers: {X-Admin: "${setup.adminToken}"}}
                    - group: pay
                      steps: [{name: pay, method: POST, path: "/pay/${agent}", tags: {kind: write}}]
                - {name: receipt, path: "/receipt/${agent}"}
            scenarios:
              browsers: {executor: constant-vus, vus: 4, duration: 3s, exec: browse}
              buyers: {executor: shared-iterations, vus: 6, iterations: 45, maxDuration: 30s, exec: checkout}
            thresholds:
              "http_reqs{scenario:buyers}": ["count==135"]
              "iterations{scenario:buyers}": ["count==45", "count==44"]
              "http_reqs{scenario:browsers}": ["count>0", "count==0"]
              "http_req_duration{scenario:buyers}": ["p(95)<5000"]
              "http_reqs{group:::checkout}": ["count==45"]
              "http_reqs{group:::checkout::pay}": ["count==45"]
              "group_duration{group:::checkout}": ["p(95)<10000", "max<0"]
              "http_reqs{kind:write}": ["count==90", "count<90"]
              "http_req_duration{kind:write}": ["p(99)<5000"]
              "http_reqs{group:::setup}": ["count==1"]
              "http_reqs{group:::setup::warm}": ["count==1"]
              "group_duration{group:::setup}": ["max>0"]
              "http_reqs{group:::teardown}": ["count==1"]
            """

        /// Which of the file's threshold expressions must fail; every other one must pass.
        static let failing: Set<String> = [
            "iterations{scenario:buyers} count==44", "http_reqs{scenario:browsers} count==0",
            "group_duration{group:::checkout} max<0", "http_reqs{kind:write} count<90",
        ]

        /// The `thresholds` of metric `name` in the export: expression → failed.
        static func thresholds(_ export: [String: Any], _ name: String) -> [String: Bool] {
            let metrics = export["metrics"] as? [String: Any]
            return (metrics?[name] as? [String: Any])?["thresholds"] as? [String: Bool] ?? [:]
        }

        @Test func scenarioGroupAndTagCountsInTheExportEqualTheTargetsCounts() async throws {
            let (target, base) = try await SetupTeardownRunTests.startTarget()
            let result = try await SessionRunTests.run(
                "target: \(base)\n" + Self.file, agents: 3, extra: ["--summary-trend-stats", "avg,p(95),max,count"])
            // Four expressions are written to fail: k6's exit code for failed thresholds.
            #expect(result.run.status == 99, "stdout: \(result.run.stdout) stderr: \(result.run.stderr)")
            let seen = try SetupTeardownRunTests.seen(base)
            func total(_ prefix: String) -> Int { seen.counts.filter { $0.key.hasPrefix(prefix) }.values.reduce(0, +) }

            // What the target saw: setup (login, then warm) before everything, teardown after.
            #expect(seen.counts["POST /admin/login"] == 1 && seen.counts["GET /setup/warm"] == 1)
            #expect(seen.counts["DELETE /admin/session"] == 1)
            #expect(seen.isFirst("POST /admin/login"), "\(seen.order)")
            let others = seen.order.filter { !["POST /admin/login", "GET /setup/warm"].contains($0.key) }
            #expect(others.values.allSatisfy { ($0.first ?? 0) > (seen.order["GET /setup/warm"]?.last ?? .max) }, "\(seen.order)")
            #expect(seen.isLast("DELETE /admin/session"), "\(seen.order)")
            let browse = total("GET /browse/"), orders = total("POST /order/"), pays = total("POST /pay/")
            #expect(orders == 45 && pays == 45 && total("GET /receipt/") == 45, "\(seen.counts)")
            for agent in 0..<3 {
                // Both scenarios on every agent, each with the value setup extracted.
                for key in ["GET /browse/\(agent)", "POST /order/\(agent)"] {
                    #expect(seen.counts[key, default: 0] > 0, "\(key): \(seen.counts)")
                    #expect(seen.admins[key] == [seen.token], "\(key): \(seen.admins[key] ?? [])")
                }
            }

            // The export's counts are the target's.
            let export = try Fixtures.readExport(result.export)
            func count(_ name: String) -> Int? { Fixtures.metric(export, name, "count").map { Int($0) } }
            #expect(count("http_reqs") == browse + 135 + 3)
            #expect(count("iterations") == browse + 45)
            #expect(count("http_reqs{scenario:browsers}") == browse && count("iterations{scenario:browsers}") == browse)
            #expect(count("http_reqs{scenario:buyers}") == 135 && count("iterations{scenario:buyers}") == 45)
            // Groups: passes (group_duration count) and the requests sent directly in each.
            #expect(count("group_duration{group:::checkout}") == orders)
            #expect(count("group_duration{group:::checkout::pay}") == pays)
            #expect(count("http_reqs{group:::checkout}") == orders)
            #expect(count("http_reqs{group:::checkout::pay}") == pays)
            #expect(count("http_reqs{kind:write}") == orders + pays)
            #expect(count("http_reqs{group:::setup}") == seen.counts["POST /admin/login"])
            #expect(count("http_reqs{group:::setup::warm}") == seen.counts["GET /setup/warm"])
            #expect(count("http_reqs{group:::teardown}") == seen.counts["DELETE /admin/session"])
            #expect(count("group_duration{group:::setup}") == 1 && count("group_duration{group:::setup::warm}") == 1)
            #expect(count("group_duration{group:::teardown}") == 1)
            #expect((Fixtures.metric(export, "group_duration{group:::setup}", "max") ?? 0) > 0)

            // Every threshold passed or failed as written, in the export and on the terminal.
            let metrics = export["metrics"] as? [String: Any] ?? [:]
            var judged = 0
            for name in metrics.keys {
                for (expression, failed) in Self.thresholds(export, name) {
                    judged += 1
                    let key = name + " " + expression
                    #expect(failed == Self.failing.contains(key), "\(key) failed: \(failed)")
                    let line = (failed ? "✗ " : "✓ ") + name + ": " + expression
                    #expect(result.run.stdout.contains(line), "no '\(line)' in \(result.run.stdout)")
                }
            }
            #expect(judged == 17)
            _ = (target, result.processes)
        }
    }
}
