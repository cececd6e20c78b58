import Foundation
import Testing

/// Issue #21 items 5 and 7: the target under test is untrusted too. A body that makes glibc's
/// regex matcher quadratic must not wedge an agent, and cookies must not grow without bound.
extension IntegrationSuite {
    @Suite struct HostileTargetTests {
        static func scenario(_ base: String, path: String, extract: String = "", duration: String = "3s", cookies: String = "") -> String {
            """
            target: \(base)
            \(cookies)scenarios:
              s: {executor: constant-vus, vus: 2, duration: \(duration)}
            requests:
              - name: hostile
                path: \(path)
                \(extract)
            """
        }

        /// `([a-z]+)@example` over 256 KiB of letters took glibc 160 s a response: the agent was
        /// marked lost and stayed busy. Now a regex sees at most 32 KiB, in 4 KiB windows.
        @Test func aQuadraticRegexBodyDoesNotWedgeTheAgent() async throws {
            let (target, base) = try await SessionTarget.start()
            let token = try Fixtures.tokenFile()
            let (agent, address) = try await Fixtures.startAgent(tokenFile: token)
            let folder = Fixtures.temporaryPath("regex")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let path = folder + "/scenario.yaml"
            try Self.scenario(base, path: "/letters?kib=256", extract: "extract: {user: {regex: '([a-z]+)@example'}}")
                .write(toFile: path, atomically: true, encoding: .utf8)
            let started = ContinuousClock.now
            let run = try await ChildProcess.run(["run", path, "--agents", address, "--token-file", token], timeout: 60)
            #expect(ContinuousClock.now - started < .seconds(20), "the run took \(ContinuousClock.now - started)")
            #expect(run.status == 0 || run.status == 99, "stderr: \(run.stderr)")
            #expect(!run.stdout.contains("lost"), "\(run.stdout)")
            #expect((JoinModeTests.summaryCount(run.stdout, "http_reqs") ?? 0) >= 4, "\(run.stdout)")

            // A coordinator killed mid-run frees the agent at once: no thread spins, the next run is not refused busy.
            let second = try ChildProcess(["run", path, "--agents", address, "--token-file", token])
            try await Task.sleep(for: .seconds(2))
            second.signal(SIGKILL)
            try await Task.sleep(for: .seconds(1))
            let cpuBefore = ProcessFigures.cpuSeconds(agent.pid)
            try await Task.sleep(for: .seconds(3))
            let idleCPU = ProcessFigures.cpuSeconds(agent.pid) - cpuBefore
            #expect(idleCPU < 0.5, "the agent used \(idleCPU) s of CPU in 3 s after its coordinator died")
            let third = try await ChildProcess.run(["run", path, "--agents", address, "--token-file", token], timeout: 60)
            #expect(third.status == 0 || third.status == 99, "stderr: \(third.stderr)")
            #expect(!third.stderr.contains("busy"), "\(third.stderr)")
            _ = target
        }
    }
}
