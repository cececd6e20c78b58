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

        /// A join agent started before its coordinator, which is then `kill -9`ed mid-run: the agent
        /// says it cannot join yet in words (`connection refused`, no NIO type names), names peers as
        /// `host:port`, and reports the killed coordinator as a lost connection, not a token problem.
        @Test func aCoordinatorKilledMidRunIsLostToTheAgentNotATokenMismatch() async throws {
            let (target, url) = try await Fixtures.startTarget()
            let token = try Fixtures.tokenFile()
            let port = JoinModeTests.freePort()
            let agent = try ChildProcess(["agent", "--join", "127.0.0.1:\(port)", "--token-file", token, "--name", "J1"])
            try await Task.sleep(for: .milliseconds(500))
            let coordinator = try ChildProcess(
                ["run", "--url", url + "/api/posts/", "--listen-agents", "127.0.0.1:\(port)", "--expect-agents", "1",
                 "--vus", "2", "--duration", "20s", "--sleep", "50ms", "--token-file", token])
            let deadline = Date().addingTimeInterval(30)
            while !agent.stderr.contains("prepared"), Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
            try await Task.sleep(for: .seconds(2))
            coordinator.signal(SIGKILL)
            while !agent.stderr.contains("stopping load"), Date() < deadline.addingTimeInterval(15) {
                try await Task.sleep(for: .milliseconds(100))
            }
            let log = agent.stderr + agent.stdout
            #expect(log.contains("cannot join 127.0.0.1:\(port) yet (connection refused); retrying"), "\(log)")
            #expect(log.contains("127.0.0.1:\(port): coordinator"), "\(log)")
            #expect(log.contains("coordinator connection lost; stopping load"), "\(log)")
            #expect(log.contains("connection lost"), "\(log)")
            for text in ["tokens differ", "SingleConnectionFailure", "[IPv4]", "errno"] {
                #expect(!log.contains(text), "\(text) in: \(log)")
            }
            _ = target
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
