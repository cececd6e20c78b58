import Foundation
import Testing

extension IntegrationSuite {
    /// Files an attacker (or a careless copy) could hand to `coord`: a YAML alias bomb, a guessable
    /// token, a token file anyone can read.
    @Suite struct HostileFileTests {
        /// The billion-laughs shape with aliases as mapping keys, which used to spin `coord run` at
        /// 100% CPU forever (issue 10, finding 9).
        static let aliasBomb = """
            a: &a [x,x,x,x,x,x,x,x,x]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
            h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
            i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
            ? *i
            : 1

            """

        private static func write(_ text: String, name: String, mode: Int = 0o600) throws -> String {
            let path = Fixtures.temporaryPath(name)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
            return path
        }

        @Test(arguments: ["run", "agents-file"])
        func aliasBombExitsTwoAtOnce(kind: String) async throws {
            let path = try Self.write(Self.aliasBomb, name: "bomb.yaml")
            let arguments = kind == "run"
                ? ["run", path]
                : ["run", "--url", "http://127.0.0.1:1/", "--agents-file", path, "--token-file", try Fixtures.tokenFile()]
            let start = Date()
            let run = try await ChildProcess.run(arguments, timeout: 20)
            #expect(Date().timeIntervalSince(start) < 5)
            #expect(run.status == 2, "stderr: \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "stderr: \(run.stderr)")
            let location = kind == "run" ? "\(path):5: " : "\(path): line 5: "
            #expect(run.stderr.contains(location), "stderr: \(run.stderr)")
            #expect(run.stderr.contains("aliases would expand to more than"), "stderr: \(run.stderr)")
        }

        /// A repeated letter, and a phrase (issue #21 item 10: a word list guesses it offline through
        /// a join listener) are refused by the agent and the coordinator alike.
        @Test(arguments: [(String(repeating: "a", count: 32), "agent"), ("thequickbrownfoxjumpsoverthelazydog", "agent"),
                          ("thequickbrownfoxjumpsoverthelazydog", "run")])
        func guessableTokenIsRefusedNamingTheFile(token: String, command: String) async throws {
            let path = try Self.write(token, name: "token")
            let arguments = command == "agent"
                ? ["agent", "--token-file", path, "--listen", "127.0.0.1:0"]
                : ["run", "--url", "http://127.0.0.1:1/", "--listen-agents", "127.0.0.1:0", "--expect-agents", "1", "--token-file", path]
            let run = try await ChildProcess.run(arguments, timeout: 20)
            #expect(run.status == 2, "stderr: \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "stderr: \(run.stderr)")
            #expect(run.stderr.contains(path) && run.stderr.contains("openssl rand -hex 32"), "stderr: \(run.stderr)")
        }

        @Test func worldReadableTokenWarnsOnceAndStillServes() async throws {
            let token = try Fixtures.tokenFile()
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: token)
            let (agent, _) = try await Fixtures.startAgent(tokenFile: token)
            agent.signal(SIGTERM)
            _ = try await agent.waitForExit()
            let warnings = agent.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: token file") }
            #expect(warnings.count == 1, "stderr: \(agent.stderr)")
            #expect(warnings.first?.contains("mode 0644") == true && warnings.first?.contains("chmod 600 \(token)") == true)
        }
    }
}
