import Foundation
import Testing

extension IntegrationSuite {
    /// Redirect hops followed by a real agent (each hop checked against its `--allow-target`),
    /// with every child process killed and reaped at the end, whatever the test's outcome.
    @Suite struct SessionRedirectTests {
        /// Kills and reaps `children` (a stray child would keep `swift test` waiting).
        static func reap(_ children: [ChildProcess]) async {
            for child in children where child.isRunning { child.signal(SIGKILL) }
            for child in children { _ = try? await child.waitForExit(timeout: 10) }  // already killed: only the reaping is left
        }

        /// The session target redirects to a demo target on 127.0.0.2, which the agent's
        /// `--allow-target 127.0.0.1` does not allow: the hop is never sent (the disallowed
        /// server sees 0 requests), each counts as a failed request, and the agent says why.
        @Test func aHopOutsideTheAllowListIsRefusedWithAClearError() async throws {
            var children: [ChildProcess] = []
            do {
                let evil = try ChildProcess(["target", "--listen", "127.0.0.2:0", "--threads", "1"])
                children.append(evil)
                let evilURL = try await evil.waitForLine(prefix: "listening on ").trimmingCharacters(in: .whitespaces)
                let (redirector, base) = try await SessionTarget.start()
                children.append(redirector)
                let token = try Fixtures.tokenFile()
                let (agent, address) = try await Fixtures.startAgent(tokenFile: token, extra: ["--allow-target", "127.0.0.1"])
                children.append(agent)
                let folder = Fixtures.temporaryPath("redirect")
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try """
                    target: \(base)
                    http: {maxRedirects: 5}
                    scenarios:
                      r: {executor: per-vu-iterations, vus: 1, iterations: 3, maxDuration: 20s}
                    requests:
                      - {name: hop, path: "/away?to=\(evilURL)/api/posts/"}
                    """.write(toFile: folder + "/scenario.yaml", atomically: true, encoding: .utf8)
                let export = folder + "/export.json"
                let run = try await ChildProcess.run(
                    ["run", folder + "/scenario.yaml", "--agents", address, "--token-file", token, "--quiet", "--summary-export", export],
                    timeout: 60)
                #expect(run.status == 0, "\(run.stderr)")
                #expect(try Fixtures.feedCount(baseURL: evilURL) == 0, "a redirect reached a host outside --allow-target")
                let summary = try Fixtures.readExport(export)
                #expect(Fixtures.metric(summary, "http_reqs", "count") == 6, "3 x (the 302 + the refused hop)")
                #expect(Fixtures.metric(summary, "http_req_failed", "passes") == 3, "the refused hops fail")
                #expect(SessionTarget.int(try SessionTarget.stats(base)["redirect_hits"]) == 3)
                try await Task.sleep(for: .milliseconds(200))
                #expect(agent.stderr.contains("refused a connection to 127.0.0.2"), "\(agent.stderr)")
            } catch {
                await Self.reap(children)
                throw error
            }
            await Self.reap(children)
        }
    }
}
