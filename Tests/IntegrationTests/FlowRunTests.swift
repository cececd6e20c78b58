import Foundation
import Testing

extension IntegrationSuite {
    /// Flows on three real agents against a target that counts every path
    /// (`Resources/flow_target.py`): weighted choice, while loops, if/else on extracted values,
    /// `scope: vu`, groups and flow calls, checked against what the target saw.
    @Suite struct FlowRunTests {
        static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Resources/flow_target.py").path

        static func startTarget() async throws -> (ChildProcess, String) {
            guard let python = ExternalTool.find("python3") else { throw TestFailure("python3 is not on PATH") }
            let child = try ChildProcess([script], executable: URL(fileURLWithPath: python))
            let url = try await child.waitForLine(prefix: "listening on ")
            return (child, url.trimmingCharacters(in: .whitespaces))
        }

        static func shop(_ base: String, iterations: Int, vus: Int) -> String {
            """
            target: \(base)
            scenarios:
              shop: {executor: shared-iterations, vus: \(vus), iterations: \(iterations), maxDuration: 60s}
            requests:
              - if: "!exists(token)"
                steps:
                  - name: login
                    method: POST
                    path: /login?vu=${vu}
                    extract: {token: {json: "$.access_token", scope: vu}}
              - random:
                  - {weight: 70, steps: [{name: home, path: /home, headers: {Authorization: "Bearer ${token}"}}]}
                  - {weight: 30, flow: search}
              - flow: checkout
            flows:
              search:
                - {name: search, path: "/search?q=${randomInt(1,999)}"}
              checkout:
                - group: checkout
                  steps:
                    - name: order
                      method: POST
                      path: /orders
                      expectedStatuses: [201]
                      checks: {status: [201], json: {"$.state": pending}, bodyNotContains: error}
                      extract: {orderId: {json: "$.id"}, state: {json: "$.state"}, vip: {json: "$.vip"}}
                    - loop: {while: "state != 'done'", max: 20}
                      steps:
                        - {name: poll, path: "/orders/${orderId}", extract: {state: {json: "$.state"}}}
                    - if: "vip == 'yes' && status == 200"
                      steps: [{name: vip, method: POST, path: "/orders/${orderId}/vip"}]
                      else: [{name: receipt, path: "/orders/${orderId}/receipt"}]
            """
        }

        /// 1200 iterations over 30 VUs on three agents: the 70/30 choice within ±5%, each order
        /// polled exactly until the target said done, vip or receipt exactly as its order said,
        /// and each VU logged in once (`scope: vu`).
        @Test func weightedChoiceWhileLoopIfElseAndVUScope() async throws {
            let (target, base) = try await Self.startTarget()
            let iterations = 1_200
            let result = try await SessionRunTests.run(Self.shop(base, iterations: iterations, vus: 30), agents: 3)
            #expect(result.run.status == 0, "stderr: \(result.run.stderr)")
            let stats = try Fixtures.getJSON(base + "/stats")
            let paths = stats["paths"] as? [String: Int] ?? [:]
            let home = paths["/home"] ?? 0
            let search = paths["/search"] ?? 0
            #expect(home + search == iterations)
            let share = Double(home) / Double(max(home + search, 1))
            #expect(abs(share - 0.7) <= 0.05, "home \(home), search \(search)")
            #expect(SessionTarget.int(stats["unauthorized"]) == 0)

            // Orders: every iteration placed one, polled it exactly (N % 3 + 1) times, then took
            // the branch its vip value said.
            #expect(SessionTarget.int(stats["orders"]) == iterations)
            let polls = stats["polls"] as? [String: Int] ?? [:]
            let vip = stats["vip"] as? [String: Int] ?? [:]
            let receipt = stats["receipt"] as? [String: Int] ?? [:]
            for number in 1...iterations {
                let key = String(number)
                #expect(polls[key] == number % 3 + 1, "order \(number) polled \(polls[key] ?? 0) times")
                if number % 2 == 0 {
                    #expect(vip[key] == 1 && receipt[key] == nil, "order \(number)")
                } else {
                    #expect(receipt[key] == 1 && vip[key] == nil, "order \(number)")
                }
            }

            // scope: vu keeps the token for the VU's life: one login per VU.
            let logins = stats["logins"] as? [String: Int] ?? [:]
            #expect(!logins.isEmpty && logins.count <= 30)
            #expect(logins.values.allSatisfy { $0 == 1 }, "\(logins)")
            #expect(Set(logins.keys).isSubset(of: Set((1...30).map(String.init))))

            // The loop's check passed each time the state ended it; no request failed.
            let export = try Fixtures.readExport(result.export)
            #expect(Fixtures.metric(export, "iterations", "count") == Double(iterations))
            #expect(Fixtures.metric(export, "checks", "fails") == 0)
            #expect(Fixtures.metric(export, "http_req_failed", "value") == 0)
            #expect(result.run.stdout.contains("checkout: loop while state != 'done' reached max 20"), "stdout: \(result.run.stdout)")
            _ = (target, result.processes)
        }

        /// A while loop whose state never says done stops at its max and fails its check.
        @Test func aWhileLoopStopsAtItsMaxWithAFailedCheck() async throws {
            let (target, base) = try await Self.startTarget()
            let scenario = """
                target: \(base)
                scenarios:
                  s: {executor: per-vu-iterations, vus: 1, iterations: 2, maxDuration: 30s}
                requests:
                  - {name: order, method: POST, path: /orders, expectedStatuses: [201], extract: {state: {json: "$.state"}}}
                  - loop: {while: "state != 'never'", max: 3}
                    steps: [{name: poll, path: /orders/1, extract: {state: {json: "$.state"}}}]
                """
            let result = try await SessionRunTests.run(scenario, agents: 1)
            #expect(result.run.status == 0, "stderr: \(result.run.stderr)")
            let stats = try Fixtures.getJSON(base + "/stats")
            #expect((stats["polls"] as? [String: Int])?["1"] == 6)
            let export = try Fixtures.readExport(result.export)
            #expect(Fixtures.metric(export, "checks", "fails") == 2)
            _ = (target, result.processes)
        }

        /// Hostile and broken flow files: one line naming file, line and key, exit 2, at once.
        @Test(arguments: [
            ("flows: {a: [{flow: b}], b: [{flow: a}]}\nrequests: [{flow: a}]\n", "flows call each other in a cycle"),
            ("requests: [{flow: nope}]\n", "unknown flow 'nope'"),
            ("requests: [{random: [{weight: -1, steps: [{path: /}]}]}]\n", "expected a whole number >= 0, got '-1'"),
            ("requests: [{if: \"nope == 1\", steps: [{path: /}]}]\n", "unknown name 'nope'"),
            ("requests: [{loop: {while: \"status == 200\"}, steps: [{path: /}]}]\n", "a while loop needs one"),
            // Filled in below: an expression of almost 1 MiB (the file just under YAMLLimits' 1 MiB).
            ("requests: [{if: \"HUGE\", steps: []}]\n", "at most 4096 are accepted"),
            ("requests: [{path: /, sleep: 1s, loop: {count: 1}}]\n", "unknown key 'loop'"),
        ])
        func badFlowFilesAreOneLineAndExit2(requests: String, message: String) async throws {
            let huge = String(repeating: "a", count: (1 << 20) - 200)
            let scenario = "target: http://127.0.0.1:9\nscenarios:\n  s: {executor: constant-vus, vus: 1, duration: 1s}\n"
                + requests.replacingOccurrences(of: "HUGE", with: huge)
            let path = Fixtures.temporaryPath("flow-bad") + ".yaml"
            try scenario.write(toFile: path, atomically: true, encoding: .utf8)
            let started = Date()
            let run = try await ChildProcess.run(["run", path, "--quiet"], timeout: 30)
            #expect(run.status == 2)
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.count == 1, "stderr: \(run.stderr.prefix(500))")
            #expect(run.stderr.hasPrefix("error: \(path):"), "stderr: \(run.stderr.prefix(500))")
            #expect(run.stderr.contains(message), "stderr: \(run.stderr.prefix(500))")
            #expect(Date().timeIntervalSince(started) < 10)
        }
    }
}
