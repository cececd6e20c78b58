import BarrageCore
import Foundation
import Testing

/// Issue #21 item 3: strangers who connect to `--listen-agents` and never answer TLS must not use
/// up the coordinator's descriptors, memory or CPU, and a real agent still joins during the flood.
extension IntegrationSuite {
    @Suite struct JoinFloodTests {
        @Test func aFloodOfSilentConnectionsDoesNotKeepARealAgentOut() async throws {
            guard let prlimit = ExternalTool.find("prlimit") else {
                Issue.record("prlimit (util-linux) is not installed")
                return
            }
            let (target, url) = try await Fixtures.startTarget()
            let token = try Fixtures.tokenFile()
            let port = JoinModeTests.freePort()
            // 256 descriptors: the flood below is four times that, as 1100 were for 1024 in the report.
            let coordinator = try ChildProcess(
                ["--nofile=256:256", ChildProcess.coordURL.path, "run", "--url", url + "/api/posts/",
                 "--listen-agents", "127.0.0.1:\(port)", "--expect-agents", "1", "--agents-timeout", "45s",
                 "--vus", "2", "--duration", "2s", "--token-file", token],
                executable: URL(fileURLWithPath: prlimit))
            while !coordinator.stderr.contains("waiting for 1 agent"), coordinator.isRunning {
                try await Task.sleep(for: .milliseconds(50))
            }
            let started = ContinuousClock.now
            let flood = RawConnections(host: "127.0.0.1", port: port, count: 1100)
            #expect(flood.sockets.count == 1100)
            try await Task.sleep(for: .seconds(1))
            let agent = try ChildProcess(["agent", "--join", "127.0.0.1:\(port)", "--token-file", token, "--name", "real"])

            var peakRSS = 0
            var peakDescriptors = 0
            var cpu = 0.0
            while coordinator.isRunning, ContinuousClock.now - started < .seconds(60) {
                peakRSS = max(peakRSS, ProcessFigures.rssKiB(coordinator.pid))
                peakDescriptors = max(peakDescriptors, ProcessFigures.openDescriptors(coordinator.pid))
                cpu = max(cpu, ProcessFigures.cpuSeconds(coordinator.pid))
                try await Task.sleep(for: .milliseconds(250))
            }
            let status = try await coordinator.waitForExit(timeout: 5)
            let elapsed = ContinuousClock.now - started
            #expect(status == 0, "stderr: \(coordinator.stderr)")
            #expect(coordinator.stderr.contains("agent real joined"), "\(coordinator.stderr)")
            #expect((JoinModeTests.summaryCount(coordinator.stdout, "http_reqs") ?? 0) > 0, "\(coordinator.stdout)")
            // At most 64 strangers are held (until their handshake time is up); the rest are turned
            // away at once, and the log says so in a few lines, not one per connection.
            #expect(peakDescriptors < ProtocolLimits.maxJoiningConnections + 64, "\(peakDescriptors) descriptors open")
            #expect(coordinator.stderr.contains("are already joining"), "\(coordinator.stderr)")
            #expect(coordinator.stderr.split(separator: "\n").count < 60, "\(coordinator.stderr)")
            // The agent gets in after at most one handshake timeout plus its back-off.
            #expect(elapsed < .seconds(35), "took \(elapsed)")
            #expect(peakRSS < 150_000, "coordinator RSS peaked at \(peakRSS) KiB")
            #expect(cpu < 10, "coordinator used \(cpu) s of CPU")
            flood.close()
            _ = (target, agent)
        }
    }
}
