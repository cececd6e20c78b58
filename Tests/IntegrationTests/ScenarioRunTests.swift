import BarrageCore
import Foundation
import Testing

extension IntegrationSuite {
    /// Scenario files run by real `coord run`, `coord agent` and `coord target` processes.
    @Suite struct ScenarioRunTests {
        static func writeScenario(_ text: String) throws -> String {
            let path = Fixtures.temporaryPath("scenario") + ".yaml"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        /// What ``runOnTwoAgents(_:)`` ran and produced.
        struct TwoAgentRun {
            var run: (status: Int32, stdout: String, stderr: String)
            var export: String
            var baseURL: String
            var seconds: Double
            /// The target and agents, kept alive until the test ends.
            var processes: [ChildProcess]
        }

        /// Starts a target and two agents, writes the scenario `text(baseURL)` and runs it on the
        /// agents with a summary export.
        static func runOnTwoAgents(_ text: (String) -> String) async throws -> TwoAgentRun {
            let token = try Fixtures.tokenFile()
            let (target, baseURL) = try await Fixtures.startTarget()
            var processes = [target]
            var addresses: [String] = []
            for _ in 0..<2 {
                let (agent, address) = try await Fixtures.startAgent(tokenFile: token)
                processes.append(agent)
                addresses.append(address)
            }
            let scenario = try writeScenario(text(baseURL))
            let export = Fixtures.temporaryPath("export.json")
            let began = Date()
            let run = try await ChildProcess.run([
                "run", scenario, "--agents", addresses.joined(separator: ","), "--token-file", token,
                "--summary-export", export, "--quiet",
            ])
            return TwoAgentRun(run: run, export: export, baseURL: baseURL, seconds: Date().timeIntervalSince(began), processes: processes)
        }

        /// An abortOnFail threshold, evaluated on the data merged from both agents, stops both early;
        /// the summary says why and the exit code is k6's 99.
        @Test func abortOnFailStopsEveryAgentEarly() async throws {
            let result = try await Self.runOnTwoAgents { baseURL in
                """
                target: \(baseURL)
                scenarios:
                  broken:
                    executor: constant-vus
                    vus: 10
                    duration: 60s
                requests:
                  - name: missing
                    path: /no-such-page
                    sleep: 100ms
                thresholds:
                  http_req_failed:
                    - {threshold: "rate<0.5", abortOnFail: true, delayAbortEval: 1s}
                """
            }
            let (run, seconds) = (result.run, result.seconds)
            #expect(run.status == 99, "stdout: \(run.stdout) stderr: \(run.stderr)")
            #expect(seconds < 15, "the 60 s run should stop a few seconds in, took \(seconds) s")
            #expect(run.stdout.contains("thresholds aborted the run"))
            #expect(run.stdout.contains("✗ http_req_failed: rate<0.5"))
            let json = try Fixtures.readExport(result.export)
            let perAgent = try #require((json["barrage"] as? [String: Any])?["agents"] as? [[String: Any]])
            #expect(perAgent.count == 2)
            // Both agents sent load before the abort.
            #expect(perAgent.allSatisfy { (($0["http_reqs"] as? NSNumber)?.intValue ?? 0) > 0 })
            let failed = try #require((json["metrics"] as? [String: Any])?["http_req_failed"] as? [String: Any])
            #expect((failed["thresholds"] as? [String: Bool]) == ["rate<0.5": true])
            _ = result.processes
        }

        /// A scenario of two requests with checks, run as per-vu-iterations over two agents: the
        /// target's counts, the summary's per-name rows and the export agree exactly.
        @Test func multiRequestIterationsAcrossAgentsAreExact() async throws {
            let result = try await Self.runOnTwoAgents { baseURL in
                """
                target: \(baseURL)
                headers: {Accept: application/json}
                scenarios:
                  shop:
                    executor: per-vu-iterations
                    vus: 5
                    iterations: 4
                    maxDuration: 30s
                requests:
                  - name: feed
                    path: /api/posts/
                    checks: {status: 200, bodyContains: '"author"', headers: {Content-Type: application/json}}
                  - name: create
                    method: POST
                    path: /api/posts/
                    body: '{"content":"hi"}'
                    checks: {status: [201]}
                thresholds:
                  "http_req_duration{name:feed}": ["p(95)<5000"]
                  "http_reqs{name:create}": ["count==20"]
                """
            }
            let (run, baseURL) = (result.run, result.baseURL)
            #expect(run.status == 0, "stdout: \(run.stdout) stderr: \(run.stderr)")
            let stats = try Fixtures.getJSON(baseURL + "/stats")
            let requests = try #require(stats["requests"] as? [String: Int])
            #expect(requests["/api/posts/"] == 20)
            #expect(requests["POST /api/posts/"] == 20)
            let json = try Fixtures.readExport(result.export)
            #expect(Fixtures.metric(json, "iterations", "count") == 20)
            #expect(Fixtures.metric(json, "http_reqs", "count") == 40)
            #expect(Fixtures.metric(json, "http_reqs{name:create}", "count") == 20)
            #expect(Fixtures.metric(json, "checks", "passes") == 80)
            #expect(Fixtures.metric(json, "checks", "fails") == 0)
            #expect(run.stdout.contains("{ name:feed }"))
            #expect(run.stdout.contains("✓ create: status is 201"))
            #expect(run.stdout.contains("✓ http_reqs{name:create}: count==20"))
            // The 5 VUs are split 3 + 2 and each runs its 4 iterations.
            let perAgent = try #require((json["barrage"] as? [String: Any])?["agents"] as? [[String: Any]])
            #expect(perAgent.compactMap { ($0["http_reqs"] as? NSNumber)?.intValue }.sorted() == [16, 24])
            _ = result.processes
        }

        /// An arrival rate split over two agents starts exactly the planned number of iterations.
        @Test func arrivalRateAcrossAgentsIsExact() async throws {
            let result = try await Self.runOnTwoAgents { baseURL in
                """
                target: \(baseURL)
                scenarios:
                  open:
                    executor: constant-arrival-rate
                    rate: 30
                    timeUnit: 1s
                    duration: 2s
                    preAllocatedVUs: 3
                    maxVUs: 6
                requests:
                  - {name: feed, path: /api/posts/}
                """
            }
            let (run, baseURL) = (result.run, result.baseURL)
            #expect(run.status == 0, "stdout: \(run.stdout) stderr: \(run.stderr)")
            let json = try Fixtures.readExport(result.export)
            let iterations = Fixtures.metric(json, "iterations", "count") ?? 0
            let dropped = Fixtures.metric(json, "dropped_iterations", "count") ?? 0
            #expect(iterations + dropped == 60)
            #expect(Int(iterations) == (try Fixtures.feedCount(baseURL: baseURL)))
            #expect(run.stdout.contains("http_req_duration_corrected"))
            // vus_max is the VUs allocated: the 3 pre-allocated, plus any added, up to maxVUs 6.
            let allocated = Fixtures.metric(json, "vus_max", "value") ?? 0
            #expect(allocated >= 3 && allocated <= 6)
            _ = result.processes
        }

        @Test func badScenarioFileIsOneLineNamingFileLineAndKey() async throws {
            let scenario = try Self.writeScenario("""
                target: http://127.0.0.1:9
                scenarios:
                  s:
                    executor: ramping-vus
                    stages: [{duration: 10s, target: ten}]
                requests:
                  - path: /
                """)
            let run = try await ChildProcess.run(["run", scenario])
            #expect(run.status == 2)
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.count == 1, "stderr: \(run.stderr)")
            #expect(run.stderr.contains("\(scenario):5:") && run.stderr.contains("stages[0].target"))
            let missing = try await ChildProcess.run(["run", "/nonexistent/feed.yaml"])
            #expect(missing.status == 2 && missing.stderr.split(separator: "\n").count == 1)
            let ramp = try Self.writeScenario("""
                target: http://127.0.0.1:9
                scenarios:
                  s: {executor: ramping-vus, stages: [{duration: 10s, target: 10}]}
                requests:
                  - path: /
                """)
            let conflict = try await ChildProcess.run(["run", ramp, "--vus", "5"])
            #expect(conflict.status == 2 && conflict.stderr.contains("--vus alone"))
        }

        /// `--stages` ramps VUs from the command line.
        @Test func stagesFlagRampsVUs() async throws {
            let (target, baseURL) = try await Fixtures.startTarget()
            let export = Fixtures.temporaryPath("export.json")
            let run = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--stages", "1s:8,1s:8,1s:0", "--sleep", "100ms",
                "--summary-export", export, "--quiet",
            ])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let json = try Fixtures.readExport(export)
            #expect(Fixtures.metric(json, "vus_max", "value") == 8)
            let requests = Fixtures.metric(json, "http_reqs", "count") ?? 0
            #expect(requests > 60 && requests < 200)
            #expect(Int(requests) == (try Fixtures.feedCount(baseURL: baseURL)))
            _ = target
        }
    }
}
