import Foundation
import Testing

extension IntegrationSuite.SessionRunTests {
    /// `onExhausted: stopTest` ends the whole test, on every agent. perVU with 2 rows for 6 VUs on
    /// 3 agents: the agents whose VUs have no row run out at once; the agent whose VUs have rows
    /// would go on for the full 60 s unless the coordinator stops it.
    @Test func stopTestStopsEveryAgent() async throws {
        let (target, base) = try await SessionTarget.start()
        let endless = "    executor: constant-vus\n    vus: 6\n    duration: 60s"
        let began = Date()
        let result = try await Self.run(
            Self.withData(Self.login(base, user: "${users.username}", executor: endless), mode: "perVU", onExhausted: "stopTest"),
            agents: 3, files: ["users.csv": Self.users(2)])
        let took = Date().timeIntervalSince(began)
        #expect(result.run.status == 0, "stdout: \(result.run.stdout) stderr: \(result.run.stderr)")
        #expect(took < 30, "the 60 s test went on for \(took) s after a data set ran out")
        #expect(result.run.stdout.contains("stopped the test"), "the summary says why: \(result.run.stdout)")
        let logins = try #require(try SessionTarget.stats(base)["logins"] as? [String: Int])
        #expect(Set(logins.keys) == ["user1", "user2"], "only the two rows were used: \(logins)")
        _ = (target, result.processes)
    }
}
