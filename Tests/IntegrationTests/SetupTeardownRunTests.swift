import Foundation
import Testing

extension IntegrationSuite {
    /// `setup:` and `teardown:` on three real agents against a target that counts every request
    /// and keeps its `X-Admin` header (`Resources/scenario_target.py`): each runs exactly once in
    /// the whole test, setup before and teardown after every other request, and what setup
    /// extracted reaches every agent.
    @Suite struct SetupTeardownRunTests {
        static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Resources/scenario_target.py").path

        /// What the target saw.
        struct Seen {
            var token: String
            var counts: [String: Int]
            var order: [String: [Int]]
            var admins: [String: [String]]

            /// Whether `key` came after every other request (its first after all others' last).
            func isLast(_ key: String) -> Bool {
                guard let first = order[key]?.first else { return false }
                return order.filter { $0.key != key }.allSatisfy { ($0.value.last ?? .max) < first }
            }

            /// Whether `key` came before every other request.
            func isFirst(_ key: String) -> Bool {
                guard let last = order[key]?.last else { return false }
                return order.filter { $0.key != key }.allSatisfy { ($0.value.first ?? 0) > last }
            }
        }

        static func startTarget() async throws -> (ChildProcess, String) {
            guard let python = ExternalTool.find("python3") else { throw TestFailure("python3 is not on PATH") }
            let child = try ChildProcess([script], executable: URL(fileURLWithPath: python))
            let url = try await child.waitForLine(prefix: "listening on ")
            return (child, url.trimmingCharacters(in: .whitespaces))
        }

        static func seen(_ base: String) throws -> Seen {
            let stats = try Fixtures.getJSON(base + "/stats")
            return Seen(
                token: stats["token"] as? String ?? "", counts: stats["counts"] as? [String: Int] ?? [:],
                order: stats["order"] as? [String: [Int]] ?? [:], admins: stats["admins"] as? [String: [String]] ?? [:])
        }

        static func file(_ base: String, setupPath: String = "/admin/login", scenario: String, requests: String, extra: String = "") -> String {
            """
            target: \(base)
            setup:
              - {name: admin-login, method: POST, path: \(setupPath), extract: {adminToken: {json: "$.token"}}}
            teardown:
              - {name: cleanup, method: DELETE, path: /admin/session, headers: {X-Admin: "${setup.adminToken}"}}
            scenarios:
              \(scenario)
            requests:
            \(requests)
            \(extra)
            """
        }

        /// 60 iterations on three agents: one login and one cleanup in the whole test, in that
        /// order around the load; every agent's requests carry the token setup extracted (in a
        /// header, and through an `if:` on `setup.adminToken`); the totals count both.
        @Test func setupAndTeardownRunOnceAroundTheLoadOnEveryAgent() async throws {
            let (target, base) = try await Self.startTarget()
            let scenario = Self.file(
                base, scenario: "load: {executor: shared-iterations, vus: 6, iterations: 60, maxDuration: 30s}",
                requests: """
                  - {name: load, path: "/load?agent=${agent}", headers: {X-Admin: "${setup.adminToken}"}}
                  - if: "setup.adminToken != ''"
                    steps: [{name: seen, path: "/seen?agent=${agent}"}]
                """)
            let result = try await SessionRunTests.run(scenario, agents: 3)
            #expect(result.run.status == 0, "stderr: \(result.run.stderr)")
            let seen = try Self.seen(base)
            #expect(seen.counts["POST /admin/login"] == 1)
            #expect(seen.counts["DELETE /admin/session"] == 1)
            #expect(seen.admins["DELETE /admin/session"] == [seen.token])
            #expect(seen.isFirst("POST /admin/login"), "\(seen.order)")
            #expect(seen.isLast("DELETE /admin/session"), "\(seen.order)")
            var load = 0
            for agent in 0..<3 {
                let key = "GET /load?agent=\(agent)"
                #expect((seen.counts[key] ?? 0) > 0, "agent \(agent) sent no load: \(seen.counts)")
                #expect(seen.admins[key] == [seen.token], "agent \(agent): \(seen.admins[key] ?? [])")
                #expect(seen.counts["GET /seen?agent=\(agent)"] == seen.counts[key])
                load += seen.counts[key] ?? 0
            }
            #expect(load == 60)
            let export = try Fixtures.readExport(result.export)
            #expect(Fixtures.metric(export, "http_reqs", "count") == 122)
            #expect(Fixtures.metric(export, "iterations", "count") == 60)
            _ = (target, result.processes)
        }

        /// A setup request that fails stops the test before any load: exit 1, one line naming
        /// the step and why, and the target saw nothing but that request.
        @Test func aFailingSetupStopsBeforeAnyLoad() async throws {
            let (target, base) = try await Self.startTarget()
            let scenario = Self.file(
                base, setupPath: "/admin/broken", scenario: "load: {executor: constant-vus, vus: 3, duration: 20s}",
                requests: "  - {name: load, path: /load}")
            let started = Date()
            let result = try await SessionRunTests.run(scenario, agents: 3)
            #expect(result.run.status == 1, "stdout: \(result.run.stdout) stderr: \(result.run.stderr)")
            let lines = result.run.stderr.split(separator: "\n").filter { $0.contains("setup failed") }
            #expect(lines.count == 1, "stderr: \(result.run.stderr)")
            #expect(lines.first?.contains("step 'admin-login'") == true && lines.first?.contains("status 500") == true, "\(lines)")
            #expect(Date().timeIntervalSince(started) < 15)
            let seen = try Self.seen(base)
            #expect(seen.counts == ["POST /admin/broken": 1], "\(seen.counts)")
            _ = (target, result.processes)
        }

        /// abortOnFail stops the load early; the teardown still runs, once, after everything.
        @Test func teardownRunsAfterAbortOnFail() async throws {
            let (target, base) = try await Self.startTarget()
            let scenario = Self.file(
                base, scenario: "load: {executor: constant-vus, vus: 6, duration: 60s}",
                requests: "  - {name: failing, path: /fail, sleep: 100ms}",
                extra: """
                thresholds:
                  http_req_failed:
                    - {threshold: "rate<0.5", abortOnFail: true, delayAbortEval: 1s}
                """)
            let result = try await SessionRunTests.run(scenario, agents: 3)
            #expect(result.run.status == 99, "stdout: \(result.run.stdout) stderr: \(result.run.stderr)")
            #expect(result.run.stdout.contains("thresholds aborted the run"))
            let seen = try Self.seen(base)
            #expect(seen.counts["POST /admin/login"] == 1)
            #expect(seen.counts["DELETE /admin/session"] == 1)
            #expect(seen.admins["DELETE /admin/session"] == [seen.token])
            #expect((seen.counts["GET /fail"] ?? 0) > 0)
            #expect(seen.isLast("DELETE /admin/session"), "\(seen.order)")
            _ = (target, result.processes)
        }

        /// One Ctrl-C stops the load gracefully; the teardown still runs, once, after everything.
        @Test func teardownRunsAfterOneSIGINT() async throws {
            let (target, base) = try await Self.startTarget()
            let scenario = Self.file(
                base, scenario: "load: {executor: constant-vus, vus: 6, duration: 60s}",
                requests: "  - {name: load, path: /load, sleep: 100ms}")
            let folder = Fixtures.temporaryPath("setup-sigint")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let path = folder + "/scenario.yaml"
            try scenario.write(toFile: path, atomically: true, encoding: .utf8)
            let token = try Fixtures.tokenFile()
            let (agents, addresses) = try await Fixtures.startAgents(3, tokenFile: token)
            let run = try ChildProcess(["run", path, "--quiet", "--agents", addresses, "--token-file", token])
            // Load is flowing once the target has seen some of it.
            let deadline = Date().addingTimeInterval(20)
            while (try Self.seen(base).counts["GET /load"] ?? 0) < 30, Date() < deadline {
                try await Task.sleep(for: .milliseconds(200))
            }
            run.signal(SIGINT)
            let status = try await run.waitForExit(timeout: 40)
            #expect(status == 130, "stdout: \(run.stdout) stderr: \(run.stderr)")
            let seen = try Self.seen(base)
            #expect(seen.counts["POST /admin/login"] == 1)
            #expect(seen.counts["DELETE /admin/session"] == 1)
            #expect(seen.admins["DELETE /admin/session"] == [seen.token])
            #expect(seen.isLast("DELETE /admin/session"), "\(seen.order)")
            _ = (target, agents)
        }
    }
}
