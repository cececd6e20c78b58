import Foundation
import Testing

/// Issue #21 item 11 and #23 item 1: what the logs say when a peer vanishes or holds another token.
extension IntegrationSuite {
    @Suite struct PeerLossMessageTests {
        /// `kill -9` of an agent mid-run is a lost agent, not a token problem.
        @Test func anAgentKilledMidRunIsReportedLostNotAsATokenMismatch() async throws {
            let (target, url) = try await Fixtures.startTarget()
            let token = try Fixtures.tokenFile()
            let (agent, address) = try await Fixtures.startAgent(tokenFile: token)
            let (survivor, other) = try await Fixtures.startAgent(tokenFile: token)
            let run = try ChildProcess(
                ["run", "--url", url + "/api/posts/", "--agents", "\(address),\(other)", "--token-file", token,
                 "--vus", "4", "--duration", "5s"])
            try await Task.sleep(for: .seconds(3))
            agent.signal(SIGKILL)
            let status = try await run.waitForExit(timeout: 60)
            #expect(status == 0, "stderr: \(run.stderr)")
            let output = run.stdout + run.stderr
            #expect(output.contains("lost"), "\(output)")
            #expect(output.contains("connection lost") || output.contains("connection closed"), "\(output)")
            #expect(!output.contains("tokens differ"), "\(output)")
            _ = (target, survivor)
        }

        /// A join agent with another token never says it joined; it says why it could not.
        @Test func aWrongTokenJoinAgentDoesNotClaimItJoined() async throws {
            let (target, url) = try await Fixtures.startTarget()
            let token = try Fixtures.tokenFile()
            let port = JoinModeTests.freePort()
            let coordinator = try ChildProcess(
                ["run", "--url", url + "/api/posts/", "--listen-agents", "127.0.0.1:\(port)", "--expect-agents", "1",
                 "--agents-timeout", "4s", "--vus", "1", "--duration", "1s", "--token-file", token])
            let intruder = try ChildProcess(
                ["agent", "--join", "127.0.0.1:\(port)", "--token-file", try Fixtures.tokenFile("9d4be1c07a36f5e28b41d0c9e7f3a2156c8e0b4d1f7a3e9c5b2d8f0a6e4c1b73"),
                 "--name", "intruder"])
            #expect(try await coordinator.waitForExit(timeout: 30) == 1)
            #expect(coordinator.stderr.contains("refused a joining agent"), "\(coordinator.stderr)")
            #expect(intruder.stderr.contains("TLS handshake failed"), "\(intruder.stderr)")
            #expect(!intruder.stderr.contains("joined the coordinator"), "\(intruder.stderr)")
            _ = target
        }
    }
}
