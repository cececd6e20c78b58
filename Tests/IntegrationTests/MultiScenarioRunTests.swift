import BarrageCore
import Foundation
import Testing

extension IntegrationSuite {
    /// Several scenarios at once on three real agents against a target that counts every path.
    @Suite struct MultiScenarioRunTests {
        static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Resources/scenario_target.py").path

        /// Starts the counting target; returns the process and its base URL.
        static func startTarget() async throws -> (ChildProcess, String) {
            guard let python = ExternalTool.find("python3") else { throw TestFailure("python3 is not on PATH") }
            let child = try ChildProcess([script], executable: URL(fileURLWithPath: python))
            let url = try await child.waitForLine(prefix: "listening on ")
            return (child, url.trimmingCharacters(in: .whitespaces))
        }

        /// The target's per-path counts, first arrival (s) and arrival order.
        struct Counts {
            var counts: [String: Int]
            var first: [String: Double]
            var order: [String: [Int]]

            init(_ baseURL: String) throws {
                let stats = try Fixtures.getJSON(baseURL + "/stats")
                counts = (stats["counts"] as? [String: Any] ?? [:]).mapValues { ($0 as? NSNumber)?.intValue ?? 0 }
                first = (stats["first"] as? [String: Any] ?? [:]).mapValues { ($0 as? NSNumber)?.doubleValue ?? 0 }
                order = (stats["order"] as? [String: Any] ?? [:]).mapValues { ($0 as? [NSNumber] ?? []).map(\.intValue) }
            }

            /// The sum of the counts of paths starting with `prefix`.
            func total(_ prefix: String) -> Int { counts.filter { $0.key.hasPrefix(prefix) }.values.reduce(0, +) }
        }

        /// A constant-vus scenario beside a shared-iterations one that starts a second later, each
        /// with its own `${env.WHO}`: shared-iterations is exact across the three agents, both
        /// scenarios' counts in the export equal the target's, and a `{scenario:}` threshold holds.
        @Test func twoScenariosOnThreeAgentsAreExactPerScenario() async throws {
            let token = try Fixtures.tokenFile()
            let (target, baseURL) = try await Self.startTarget()
            var processes = [target]
            var addresses: [String] = []
            for _ in 0..<3 {
                let (agent, address) = try await Fixtures.startAgent(tokenFile: token)
                processes.append(agent)
                addresses.append(address)
            }
            let scenario = try IntegrationSuite.ScenarioRunTests.writeScenario("""
                target: \(baseURL)
                scenarios:
                  browsers:
                    executor: constant-vus
                    vus: 5
                    duration: 3s
                    env: {WHO: browsers}
                  buyers:
                    executor: shared-iterations
                    vus: 4
                    iterations: 37
                    maxDuration: 20s
                    startTime: 1s
                    gracefulStop: 5s
                    tags: {team: payments}
                    env: {WHO: buyers}
                requests:
                  - name: hit
                    path: /hit/${env.WHO}/${agent}
                    checks: {status: [200], bodyContains: ['"ok"']}
                    sleep: 100ms
                thresholds:
                  "http_reqs{scenario:buyers}": ["count==37"]
                  "iterations{scenario:buyers}": ["count==37"]
                  "http_reqs{scenario:browsers}": ["count>0"]
                  "iterations{scenario:browsers}": ["count>0"]
                  "http_req_duration{scenario:buyers}": ["p(95)<5000"]
                """)
            let export = Fixtures.temporaryPath("export.json")
            let run = try await ChildProcess.run([
                "run", scenario, "--agents", addresses.joined(separator: ","), "--token-file", token,
                "--summary-export", export, "--quiet",
            ])
            #expect(run.status == 0, "stdout: \(run.stdout) stderr: \(run.stderr)")
            let seen = try Counts(baseURL)
            // Exact across agents: 37 iterations in all, every agent with a part of them.
            #expect(seen.total("GET /hit/buyers/") == 37, "\(seen.counts)")
            #expect((0..<3).allSatisfy { seen.counts["GET /hit/buyers/\($0)", default: 0] > 0 }, "\(seen.counts)")
            #expect((0..<3).allSatisfy { seen.counts["GET /hit/browsers/\($0)", default: 0] > 0 }, "\(seen.counts)")
            // startTime: the buyers began about a second after the browsers.
            let browsersFirst = seen.first.filter { $0.key.hasPrefix("GET /hit/browsers/") }.values.min() ?? 0
            let buyersFirst = seen.first.filter { $0.key.hasPrefix("GET /hit/buyers/") }.values.min() ?? 0
            #expect(buyersFirst - browsersFirst > 0.8, "buyers began \(buyersFirst - browsersFirst) s after the browsers")
            let json = try Fixtures.readExport(export)
            #expect(Fixtures.metric(json, "http_reqs{scenario:buyers}", "count") == 37)
            #expect(Fixtures.metric(json, "iterations{scenario:buyers}", "count") == 37)
            let browsers = seen.total("GET /hit/browsers/")
            #expect(Fixtures.metric(json, "http_reqs{scenario:browsers}", "count") == Double(browsers))
            #expect(Fixtures.metric(json, "iterations{scenario:browsers}", "count") == Double(browsers))
            // The per-scenario table, one row each in file order.
            let table = run.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
            #expect(table.contains { $0.starts(with: ["buyers", "shared-iterations", "4", "37"]) }, "\(run.stdout)")
            #expect(table.contains { $0.starts(with: ["browsers", "constant-vus", "5", "\(browsers)"]) }, "\(run.stdout)")
            #expect(Fixtures.metric(json, "http_reqs", "count") == Double(browsers + 37))
            #expect((Fixtures.metric(json, "http_req_duration{scenario:buyers}", "p(95)") ?? 0) > 0)
            #expect(run.stdout.contains("✓ http_reqs{scenario:buyers}: count==37"), "\(run.stdout)")
            #expect(Fixtures.metric(json, "checks", "fails") == 0)
            _ = processes
        }

        /// With several scenarios the executor flags are refused naming them, and an `exec` that
        /// names no flow is the file's line and key; both exit 2 with one line.
        @Test func executorFlagsAndUnknownFlowsAreRefused() async throws {
            let file = try IntegrationSuite.ScenarioRunTests.writeScenario("""
                target: http://127.0.0.1:9
                scenarios:
                  browsers: {executor: constant-vus, vus: 2, duration: 2s}
                  buyers: {executor: shared-iterations, vus: 1, iterations: 3}
                requests:
                  - path: /
                """)
            for flags in [["--vus", "3"], ["--duration", "5s"], ["--stages", "1s:2"]] {
                let run = try await ChildProcess.run(["run", file] + flags)
                #expect(run.status == 2, "\(flags): \(run.stderr)")
                #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
                #expect(run.stderr.contains("\(flags[0]) cannot be used here: the file has 2 scenarios (browsers, buyers)"), "\(run.stderr)")
            }
            let unknown = try IntegrationSuite.ScenarioRunTests.writeScenario("""
                target: http://127.0.0.1:9
                scenarios:
                  browsers: {executor: constant-vus, vus: 2, duration: 2s}
                  buyers: {executor: shared-iterations, vus: 1, iterations: 3, exec: checkout}
                requests:
                  - path: /
                """)
            let run = try await ChildProcess.run(["run", unknown])
            #expect(run.status == 2 && run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
            #expect(run.stderr.contains("\(unknown):4: scenarios.buyers.exec: unknown flow 'checkout'"), "\(run.stderr)")
        }

        /// `data:` with several scenarios is refused when the file loads, deliberately: each
        /// scenario's loops would take every row of the agent's slice, so `unique` rows would be
        /// used once per scenario. One line naming the file, line and key; exit 2; no agent needed.
        @Test func dataSetsWithSeveralScenariosAreRefusedWithOneLine() async throws {
            let folder = Fixtures.temporaryPath("data-scenarios")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try "id\n1\n2\n3\n".write(toFile: folder + "/users.csv", atomically: true, encoding: .utf8)
            let path = folder + "/scenario.yaml"
            try """
                target: http://127.0.0.1:9
                scenarios:
                  browsers: {executor: constant-vus, vus: 2, duration: 2s}
                  buyers: {executor: shared-iterations, vus: 1, iterations: 3}
                data:
                  users: {file: users.csv, mode: cycle}
                requests:
                  - path: /u/${users.id}
                """.write(toFile: path, atomically: true, encoding: .utf8)
            let run = try await ChildProcess.run(["run", path, "--quiet"])
            #expect(run.status == 2, "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
            #expect(run.stderr.contains("\(path):6: data: data sets can be used with one scenario only (this file has 2)"), "\(run.stderr)")
        }
    }
}

extension IntegrationSuite {
    /// A real agent refuses hostile `spec.scenarios` with `bad_spec` naming the field, keeps the
    /// connection, and prepares a run of several scenarios on it afterwards.
    @Suite struct HostileScenariosTests {
        @Test func hostileScenariosAreBadSpecAndTheConnectionStays() async throws {
            let hostile = HostileCoordinatorTests()
            let token = HostileCoordinatorTests.token
            let (agent, address) = try await Fixtures.startAgent(tokenFile: try Fixtures.tokenFile(token))
            let peer = try await HostileCoordinator.connect(address, token: token)
            _ = try await peer.authenticate(token: token)
            let one = ScenarioSpec(name: "a", executor: .constantVUs(vus: 1, durationMicros: 1_000_000))
            func with(_ scenarios: [ScenarioSpec]) -> RunSpec {
                var spec = hostile.spec("http://127.0.0.1:1/")
                spec.scenarios = scenarios
                return spec
            }
            var unknownFlow = one
            unknownFlow.exec = "checkout"
            var late = one
            late.startTimeMicros = .max
            var hugeEnv = one
            hugeEnv.env = ["X": String(repeating: "x", count: RunSpec.Limits.maxValueBytes + 1)]
            var second = one
            second.name = "b"
            let cases: [(String, [ScenarioSpec])] = [
                ("spec.scenarios (count)", Array(repeating: one, count: RunSpec.ScenarioLimits.maxScenarios + 1)),
                ("spec.scenarios (count)", []),
                ("spec.scenarios[1].name", [one, one]),
                ("spec.scenarios[0].exec", [unknownFlow]),
                ("spec.scenarios[0].start_time_micros", [late]),
                ("spec.scenarios[0].env.X", [hugeEnv]),
            ]
            for (field, scenarios) in cases {
                let reply = try await hostile.answer(peer, hostile.prepare(with(scenarios)))
                #expect(reply.kind == "bad_spec" && reply.text.hasPrefix(field), "\(field): \(reply)")
            }
            // Data sets with several scenarios: each scenario would take every row of the
            // agent's slice (twice the rows `unique` promises), so the agent refuses it too.
            var withData = with([one, second])
            withData.session = SessionSpec(data: [DataSetSpec(name: "users", columns: ["id"], rows: 4)])
            let data = try await hostile.answer(peer, hostile.prepare(withData))
            #expect(data.kind == "bad_spec" && data.text.contains("data sets can be used with one scenario only"), "\(data)")
            #expect(try await hostile.answer(peer, hostile.prepare(with([one, second]))).kind == "ready")
            #expect(agent.isRunning, "agent died: \(agent.stderr)")
            await peer.close()
        }
    }
}
