import Foundation
import Testing

extension IntegrationSuite {
    /// Real user sessions: templates, extraction and cookies against the session target, on three
    /// real agents.
    @Suite struct SessionRunTests {
        /// What ``run(_:agents:extra:)`` ran and produced.
        struct SessionRun {
            var run: (status: Int32, stdout: String, stderr: String)
            var export: String
            var processes: [ChildProcess]
        }

        /// Writes `scenario` and runs it on `agents` fresh agents (0: local mode).
        static func run(_ scenario: String, agents: Int = 3, extra: [String] = [], files: [String: String] = [:]) async throws -> SessionRun {
            let folder = Fixtures.temporaryPath("session")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for (name, text) in files { try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8) }
            let path = folder + "/scenario.yaml"
            try scenario.write(toFile: path, atomically: true, encoding: .utf8)
            let export = folder + "/export.json"
            var processes: [ChildProcess] = []
            var arguments = ["run", path, "--summary-export", export, "--quiet"] + extra
            if agents > 0 {
                let token = try Fixtures.tokenFile()
                var addresses: [String] = []
                for _ in 0..<agents {
                    let (agent, address) = try await Fixtures.startAgent(tokenFile: token)
                    processes.append(agent)
                    addresses.append(address)
                }
                arguments += ["--agents", addresses.joined(separator: ","), "--token-file", token]
            }
            let run = try await ChildProcess.run(arguments, timeout: 90)
            return SessionRun(run: run, export: export, processes: processes)
        }

        static func login(_ base: String, user: String, executor: String) -> String {
            """
            target: \(base)
            cookies: perIteration
            scenarios:
              users:
            \(executor)
            requests:
              - name: login
                method: POST
                path: /login
                headers: {Content-Type: application/json}
                body: '{"user":"\(user)","password":"secret"}'
                extract:
                  token: {json: "$.access_token"}
                  name: {json: "$.user.name"}
                checks: {status: [200]}
              - name: me
                path: /me?vu=${vu}&it=${iteration}&user=${name}
                headers: {Authorization: "Bearer ${token}"}
                checks: {status: [200], bodyContains: '"${name}"'}
            """
        }

        static func users(_ count: Int) -> String {
            "username,password\n" + (1...count).map { "user\($0),pw\($0)" }.joined(separator: "\n") + "\n"
        }

        static func withData(_ scenario: String, mode: String, onExhausted: String = "stopVU") -> String {
            scenario.replacingOccurrences(
                of: "cookies: perIteration\n",
                with: "cookies: perIteration\ndata:\n  users: {file: users.csv, mode: \(mode), onExhausted: \(onExhausted)}\n")
        }

        /// 300 users in a CSV, mode unique, shared-iterations 300 over 30 VUs on 3 agents: every
        /// user logs in exactly once; the extracted token and the session cookie reach the next
        /// request; `${vu}` takes exactly the values 1..30 and `${iteration}` 300 distinct values.
        @Test func uniqueUsersTokensCookiesAndNumberingAcrossThreeAgents() async throws {
            let (target, base) = try await SessionTarget.start()
            let executor = "    executor: shared-iterations\n    vus: 30\n    iterations: 300\n    maxDuration: 60s"
            let scenario = Self.withData(Self.login(base, user: "${users.username}", executor: executor), mode: "unique")
            let result = try await Self.run(scenario, files: ["users.csv": Self.users(300)])
            #expect(result.run.status == 0, "stdout: \(result.run.stdout) stderr: \(result.run.stderr)")
            let stats = try SessionTarget.stats(base)
            let logins = try #require(stats["logins"] as? [String: Int])
            #expect(Set(logins.keys) == Set((1...300).map { "user\($0)" }))
            #expect(logins.values.allSatisfy { $0 == 1 }, "a user logged in twice: \(logins.filter { $0.value != 1 })")
            #expect(SessionTarget.int(stats["me_ok"]) == 300)
            #expect(SessionTarget.int(stats["me_bad"]) == 0)
            let vus = try #require(stats["vus"] as? [String: Int])
            #expect(Set(vus.keys) == Set((1...30).map(String.init)))
            let iterations = try #require(stats["iterations"] as? [String: Int])
            #expect(Set(iterations.keys) == Set((0..<300).map(String.init)))
            let export = try Fixtures.readExport(result.export)
            #expect(Fixtures.metric(export, "checks", "fails") == 0)
            _ = (target, result.processes)
        }

        /// perVU: the test's VU n keeps row n, on every iteration, across two agents.
        @Test func perVUKeepsOneRowPerVU() async throws {
            let (target, base) = try await SessionTarget.start()
            let executor = "    executor: per-vu-iterations\n    vus: 6\n    iterations: 2\n    maxDuration: 30s"
            let scenario = Self.withData(Self.login(base, user: "${users.username}", executor: executor), mode: "perVU")
            let result = try await Self.run(scenario, agents: 2, files: ["users.csv": Self.users(10)])
            #expect(result.run.status == 0, "stderr: \(result.run.stderr)")
            let logins = try #require(try SessionTarget.stats(base)["logins"] as? [String: Int])
            #expect(logins == Dictionary(uniqueKeysWithValues: (1...6).map { ("user\($0)", 2) }))
            _ = (target, result.processes)
        }

        /// wrap: rows are used again once all were used; stopTest: the test ends when they run out.
        @Test func wrapAndStopTestOnExhaustion() async throws {
            let (target, base) = try await SessionTarget.start()
            let shared = "    executor: shared-iterations\n    vus: 2\n    iterations: 12\n    maxDuration: 30s"
            let wrapped = try await Self.run(
                Self.withData(Self.login(base, user: "${users.username}", executor: shared), mode: "unique", onExhausted: "wrap"),
                agents: 0, files: ["users.csv": Self.users(5)])
            #expect(wrapped.run.status == 0, "stderr: \(wrapped.run.stderr)")
            var logins = try #require(try SessionTarget.stats(base)["logins"] as? [String: Int])
            #expect(logins.values.reduce(0, +) == 12 && logins.count == 5)

            let (stopTarget, stopBase) = try await SessionTarget.start()
            let endless = "    executor: constant-vus\n    vus: 2\n    duration: 60s"
            let began = Date()
            let stopped = try await Self.run(
                Self.withData(Self.login(stopBase, user: "${users.username}", executor: endless), mode: "unique", onExhausted: "stopTest"),
                agents: 0, files: ["users.csv": Self.users(5)])
            #expect(stopped.run.status == 0, "stderr: \(stopped.run.stderr)")
            #expect(Date().timeIntervalSince(began) < 20, "the 60 s test stops when the 5 rows are used")
            logins = try #require(try SessionTarget.stats(stopBase)["logins"] as? [String: Int])
            #expect(logins == Dictionary(uniqueKeysWithValues: (1...5).map { ("user\($0)", 1) }))
            _ = (target, stopTarget)
        }

        /// Unknown variables, bad JSONPath, bad regex, a missing data file, a CSV row with the wrong
        /// number of columns: one line naming file, line and key; exit 2.
        @Test(arguments: [
            ("path: /x/${nope}", "", "scenario.yaml:6: requests[0].path: unknown variable '${nope}'"),
            ("path: /x\n    extract: {t: {json: 'token'}}", "", "scenario.yaml:7: requests[0].extract.t.json: invalid JSONPath 'token'"),
            ("path: /x\n    extract: {t: {regex: '(a'}}", "", "scenario.yaml:7: requests[0].extract.t.regex: invalid regex '(a'"),
            ("path: /x", "data:\n  users: {file: missing.csv}\n", "scenario.yaml:3: data.users.file: can't read data file"),
            ("path: /x", "data:\n  users: {file: users.csv}\n", "scenario.yaml:3: data.users.file: data file '"),
        ])
        func badSessionFilesAreOneLineAndExit2(request: String, top: String, prefix: String) async throws {
            let scenario = """
                target: http://127.0.0.1:9
                \(top)scenarios:
                  s: {executor: constant-vus, vus: 1, duration: 1s}
                requests:
                  - name: a
                    \(request)
                """
            let result = try await Self.run(scenario, agents: 0, files: ["users.csv": "username,password\nann,1\nbob\n"])
            #expect(result.run.status == 2)
            let lines = result.run.stderr.split(separator: "\n")
            #expect(lines.count == 1, "stderr: \(result.run.stderr)")
            let line = String(lines.first ?? "")
            #expect(line.contains(prefix), "\(line)")
            if top.contains("users.csv") { #expect(line.hasSuffix("line 3: expected 2 fields as in the header, got 1"), "\(line)") }
        }

        /// A failed extraction is a failed check named `login: extract ...`; the iteration's
        /// later requests are not sent, and the VU goes on.
        @Test func aFailedExtractionSkipsTheRestOfTheIteration() async throws {
            let (target, base) = try await SessionTarget.start()
            let scenario = """
                target: \(base)
                scenarios:
                  users: {executor: per-vu-iterations, vus: 2, iterations: 3, maxDuration: 30s}
                requests:
                  - name: login
                    method: POST
                    path: /login
                    body: '{"user":"u${vu}"}'
                    extract:
                      missing: {json: "$.no.such[0].field"}
                  - name: me
                    path: /me?user=${missing}
                """
            let result = try await Self.run(scenario, agents: 2)
            #expect(result.run.status == 0, "stderr: \(result.run.stderr)")
            #expect(result.run.stdout.contains("login: extract missing"), "stdout: \(result.run.stdout)")
            let stats = try SessionTarget.stats(base)
            #expect(SessionTarget.int(stats["me_ok"]) + SessionTarget.int(stats["me_bad"]) == 0)
            #expect((stats["logins"] as? [String: Int]) == ["u1": 3, "u2": 3])
            let export = try Fixtures.readExport(result.export)
            #expect(Fixtures.metric(export, "iterations", "count") == 6)
            #expect(Fixtures.metric(export, "checks", "fails") == 6)
            _ = (target, result.processes)
        }

        /// An extracted value with CR LF never reaches a header: the request is not sent, it counts
        /// as failed, and the VU goes on.
        @Test func aValueWithALineBreakIsRefusedAtRenderTime() async throws {
            let (target, base) = try await SessionTarget.start()
            let scenario = #"""
                target: BASE
                scenarios:
                  users: {executor: per-vu-iterations, vus: 1, iterations: 2, maxDuration: 30s}
                requests:
                  - name: login
                    method: POST
                    path: /login
                    body: '{"user":"evil\r\nX-Injected: 1"}'
                    extract:
                      token: {json: "$.access_token"}
                  - name: me
                    path: /me?user=evil
                    headers: {Authorization: "Bearer ${token}"}
                """#.replacingOccurrences(of: "BASE", with: base)
            let result = try await Self.run(scenario, agents: 0)
            #expect(result.run.status == 0, "stderr: \(result.run.stderr)")
            let stats = try SessionTarget.stats(base)
            #expect((stats["logins"] as? [String: Int])?.values.reduce(0, +) == 2)
            #expect(SessionTarget.int(stats["me_ok"]) + SessionTarget.int(stats["me_bad"]) == 0)
            let export = try Fixtures.readExport(result.export)
            #expect(Fixtures.metric(export, "http_req_failed", "passes") == 2)
            #expect(Fixtures.metric(export, "iterations", "count") == 2)
            _ = target
        }

        /// `${env.NAME}` is the coordinator's environment (substituted before the agents get the
        /// requests); `${agent}` is each agent's index; `${uuid}` and `${randomInt}` render.
        @Test func environmentAgentAndRandomBuiltIns() async throws {
            let (target, base) = try await SessionTarget.start()
            setenv("BARRAGE_SESSION_TEST_USER", "envuser", 1)
            let scenario = """
                target: \(base)
                scenarios:
                  users: {executor: per-vu-iterations, vus: 4, iterations: 2, maxDuration: 30s}
                requests:
                  - name: login
                    method: POST
                    path: /login
                    headers: {X-Request-Id: "${uuid}"}
                    body: '{"user":"${env.BARRAGE_SESSION_TEST_USER}","n":${randomInt(1,9)}}'
                  - name: me
                    path: /me?vu=${vu}&it=${agent}&user=envuser
                    headers: {Authorization: "Bearer tok-envuser"}
                """
            let result = try await Self.run(scenario, agents: 2)
            #expect(result.run.status == 0, "stderr: \(result.run.stderr)")
            let stats = try SessionTarget.stats(base)
            #expect((stats["logins"] as? [String: Int]) == ["envuser": 8])
            #expect(SessionTarget.int(stats["me_ok"]) == 8, "the login's cookie reached /me")
            #expect((stats["iterations"] as? [String: Int]) == ["0": 4, "1": 4], "two agents, 2 VUs x 2 iterations each")
            #expect(Set((stats["vus"] as? [String: Int])?.keys ?? [:].keys) == ["1", "2", "3", "4"])
            _ = (target, result.processes)
        }

        /// Cookies: `off` sends none back; `perVU` keeps the jar across iterations.
        @Test func cookieModes() async throws {
            let (target, base) = try await SessionTarget.start()
            func scenario(_ mode: String, user: String) -> String {
                """
                target: \(base)
                cookies: \(mode)
                scenarios:
                  users: {executor: per-vu-iterations, vus: 1, iterations: 4, maxDuration: 30s}
                requests:
                  - name: me
                    path: /me?user=\(user)
                    headers: {Authorization: "Bearer tok-\(user)"}
                """
            }
            // A first login sets the cookie for "keep" (perVU keeps it for the whole run).
            let login = """
                target: \(base)
                cookies: perVU
                scenarios:
                  users: {executor: per-vu-iterations, vus: 1, iterations: 3, maxDuration: 30s}
                requests:
                  - {name: login, method: POST, path: /login, body: '{"user":"keep"}'}
                  - {name: me, path: "/me?user=keep&it=${iteration}", headers: {Authorization: "Bearer tok-keep"}}
                """
            let kept = try await Self.run(login, agents: 0)
            #expect(kept.run.status == 0, "stderr: \(kept.run.stderr)")
            var stats = try SessionTarget.stats(base)
            #expect(SessionTarget.int(stats["me_ok"]) == 3)
            let off = try await Self.run(scenario("off", user: "keep"), agents: 0)
            stats = try SessionTarget.stats(base)
            #expect(SessionTarget.int(stats["me_bad"]) == 4, "no cookie engine: the requests carry no sid (\(off.run.stderr))")
            _ = target
        }

        /// Redirects: followed up to maxRedirects (each hop a request); past it the next 302 is the
        /// final response (checks see it, as in k6); 0 does not follow.
        @Test func redirectsAreCountedAndCapped() async throws {
            let (target, base) = try await SessionTarget.start()
            func scenario(_ hops: Int, max: Int) -> String {
                """
                target: \(base)
                http: {maxRedirects: \(max)}
                scenarios:
                  r: {executor: per-vu-iterations, vus: 1, iterations: 2, maxDuration: 30s}
                requests:
                  - {name: hop, path: /redirect/\(hops)}
                """
            }
            let followed = try await Self.run(scenario(3, max: 5), agents: 0)
            let export = try Fixtures.readExport(followed.export)
            #expect(Fixtures.metric(export, "http_reqs", "count") == 8, "2 iterations x (1 + 3 hops)")
            #expect(Fixtures.metric(export, "http_req_failed", "passes") == 0)
            let capped = try await Self.run(scenario(3, max: 2), agents: 0)
            let cappedExport = try Fixtures.readExport(capped.export)
            #expect(Fixtures.metric(cappedExport, "http_reqs", "count") == 6, "2 iterations x (1 + 2 hops)")
            #expect(Fixtures.metric(cappedExport, "http_req_failed", "passes") == 0, "a 302 is not a failure")
            #expect(Fixtures.metric(cappedExport, "checks", "fails") == 2, "the status check sees the last 302")
            let none = try await Self.run(scenario(3, max: 0), agents: 0)
            let noneExport = try Fixtures.readExport(none.export)
            #expect(Fixtures.metric(noneExport, "http_reqs", "count") == 2)
            let stats = try SessionTarget.stats(base)
            // 8 + (2 x 3: the third 302 is the final response) + 2.
            #expect(SessionTarget.int(stats["redirect_hits"]) == 16)
            _ = target
        }

        /// compression: Accept-Encoding offered, the gzip body decoded, data_received counts wire bytes.
        @Test func compressionIsOfferedAndWireBytesCounted() async throws {
            let (target, base) = try await SessionTarget.start()
            let scenario = """
                target: \(base)
                http: {compression: true}
                scenarios:
                  c: {executor: per-vu-iterations, vus: 1, iterations: 3, maxDuration: 30s}
                requests:
                  - {name: text, path: /text, checks: {bodyContains: "barrage barrage"}}
                """
            let result = try await Self.run(scenario, agents: 0)
            let export = try Fixtures.readExport(result.export)
            #expect(Fixtures.metric(export, "checks", "fails") == 0, "the body is decoded before checks")
            let received = try #require(Fixtures.metric(export, "data_received", "count"))
            #expect(received < 3 * 2048, "wire bytes (gzip), not the 2 KB decoded bodies: \(received)")
            #expect(SessionTarget.int(try SessionTarget.stats(base)["gzip_sent"]) == 3)
            _ = target
        }
    }
}
