import Foundation
import Testing

/// #23 item 9: a listening agent started with `--name L1` shows as `L1` (plan line, agents table),
/// not `a1 (L1)`; agents that share a name (the host name, by default) keep a1, a2.
extension IntegrationSuite {
    @Suite struct AgentNamesTests {
        /// Runs 1 s on two listening agents started with `--name` `names`; returns the output and their addresses.
        static func run(names: [String]) async throws -> (status: Int32, stdout: String, output: String, addresses: [String]) {
            let (target, url) = try await Fixtures.startTarget()
            let token = try Fixtures.tokenFile()
            var agents: [ChildProcess] = []
            var addresses: [String] = []
            for name in names {
                let (agent, address) = try await Fixtures.startAgent(tokenFile: token, extra: ["--name", name])
                agents.append(agent)
                addresses.append(address)
            }
            let run = try await ChildProcess.run(
                ["run", "--url", url + "/api/posts/", "--agents", addresses.joined(separator: ","), "--token-file", token,
                 "--vus", "\(names.count)", "--duration", "1s", "--sleep", "100ms"])
            _ = (target, agents)
            return (run.status, run.stdout, run.stdout + run.stderr, addresses)
        }

        @Test func listenAgentsShowTheirGivenNames() async throws {
            let run = try await Self.run(names: ["L1", "L2"])
            let (one, two) = (run.addresses[0], run.addresses[1])
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.contains("agent L1 \(one) 1 VUs ("), "\(run.output)")
            #expect(run.output.contains("agent L2 \(two) 1 VUs ("), "\(run.output)")
            #expect(!run.output.contains("(L1,") && !run.output.contains("(L2,"), "\(run.output)")
            let rows = run.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(rows.contains { $0.hasPrefix("L1 ") && $0.contains(one) }, "\(run.stdout)")
            #expect(rows.contains { $0.hasPrefix("L2 ") && $0.contains(two) }, "\(run.stdout)")
            #expect(!rows.contains { $0.hasPrefix("a1 ") }, "\(run.stdout)")
        }

        @Test func agentsWithOneNameKeepTheirPlaces() async throws {
            let run = try await Self.run(names: ["same", "same"])
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.contains("agent a1 \(run.addresses[0]) 1 VUs (same, "), "\(run.output)")
            #expect(run.output.contains("agent a2 \(run.addresses[1]) 1 VUs (same, "), "\(run.output)")
        }
    }
}
