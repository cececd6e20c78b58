import BarrageCore
import BarrageWire
import Foundation
import NIOCore
import NIOPosix
import Testing

/// Issue #10 finding 3 (and 6, on the coordinator's side): an agent that holds the token but lies
/// in its samples must not crash or exhaust the coordinator, and the honest agent's data is kept.
extension IntegrationSuite {
    @Suite struct HostileAgentTests {
        static let token = "hostile-agent-token-5d0c8e7b21a94f36"

        /// A fake agent on a loopback port: a correct handshake under the name `name`, then
        /// `samples(runId, startMicros)` once the run starts.
        final class FakeAgent: Sendable {
            let port: Int
            private let task: Task<Void, any Error>

            init(name: String, samples: @escaping @Sendable (String, Int64) -> [Message.Sample]) async throws {
                let server = try await WireChannel.bind(host: "127.0.0.1", port: 0, tls: try ControlChannelTLS(token: HostileAgentTests.token))
                guard let port = WireChannel.port(of: server) else { throw TestFailure("no port") }
                self.port = port
                task = Task {
                    try await server.executeThenClose { connections in
                        for try await connection in connections {
                            connection.frameLimit.set(ProtocolLimits.defaultMaxFrameBytes)
                            try await connection.channel.executeThenClose { inbound, outbound in
                                try await outbound.write(.hello(.init(agentName: name, challenge: ChallengeResponse.makeChallenge(), maxVUs: 1000, cores: 1)))
                                for try await message in inbound {
                                    switch message {
                                    case .auth: try await outbound.write(.authOk(.init()))
                                    case .ping(let ping):
                                        try await outbound.write(.pong(.init(seq: ping.seq, sentMicros: ping.sentMicros, agentMicros: WallClock.nowMicros())))
                                    case .prepare(let prepare): try await outbound.write(.ready(.init(runId: prepare.runId)))
                                    case .start(let start):
                                        try await outbound.write(.started(.init(runId: start.runId, startedAtMicros: start.startAtMicros)))
                                        try await Task.sleep(for: .seconds(1))
                                        for sample in samples(start.runId, start.startAtMicros) { try await outbound.write(.sample(sample)) }
                                    default: break
                                    }
                                }
                            }
                            return
                        }
                    }
                }
            }

            deinit { task.cancel() }
        }

        static func sample(_ runId: String, seq: UInt64, start: Int64, counters: Counters = Counters(), activeVUs: Int = 1, series: [SeriesSample]? = nil) -> Message.Sample {
            var sample = Message.Sample(
                runId: runId, seq: seq, intervalStartMicros: start, intervalMicros: 1_000_000, counters: counters, histograms: [:],
                activeVUs: activeVUs, processCPUPercent: 1, hostCPUPercent: 1, netRxBytes: 0, netTxBytes: 0, loopLagMicros: 0)
            sample.series = series
            return sample
        }

        /// Runs 2 VUs for 4 s on one real agent plus `fake`; returns the run and the target's count.
        func runWith(_ fake: FakeAgent) async throws -> (status: Int32, stdout: String, stderr: String, served: Int, export: [String: Any]) {
            let (target, url) = try await Fixtures.startTarget()
            let token = try Fixtures.tokenFile(Self.token)
            let (agent, address) = try await Fixtures.startAgent(tokenFile: token)
            let export = Fixtures.temporaryPath("export.json")
            let run = try await ChildProcess.run([
                "run", "--url", url + "/api/posts/", "--vus", "4", "--duration", "4s", "--sleep", "200ms",
                "--agents", "\(address),127.0.0.1:\(fake.port)", "--token-file", token, "--quiet", "--summary-export", export,
            ])
            let served = try Fixtures.feedCount(baseURL: url)
            #expect(agent.isRunning && target.isRunning)
            return (run.status, run.stdout, run.stderr, served, try Fixtures.readExport(export))
        }

        @Test func overflowingCountersAndHugeGaugesMarkTheAgentLostAndKeepTheRest() async throws {
            let fake = try await FakeAgent(name: "evil\u{1b}[2J\u{1b}[31m\nforged line") { runId, start in
                var huge = Counters()
                huge.httpReqs = .max
                huge.dataReceivedBytes = .max
                return [
                    Self.sample(runId, seq: 1, start: start, counters: huge),
                    Self.sample(runId, seq: 2, start: .min, counters: huge, activeVUs: .max),
                ]
            }
            let run = try await runWith(fake)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let reqs = Fixtures.metric(run.export, "http_reqs", "count") ?? -1
            #expect(reqs > 0 && Int(reqs) == run.served, "merged \(reqs), target served \(run.served)")
            #expect(run.stderr.contains("sent an invalid sample"), "\(run.stderr)")
            #expect(!run.stdout.contains("\u{1b}") && !run.stderr.contains("\u{1b}"), "a raw escape reached the terminal")
            #expect(!run.stderr.split(separator: "\n").contains { $0.hasPrefix("forged line") }, "forged")
        }

        @Test func thousandsOfInventedSeriesAreRefusedNotAllocated() async throws {
            let fake = try await FakeAgent(name: "series-bomb") { runId, start in
                let histogram = HdrV2Codec.encodeBase64(LatencyHistogram.make())
                let series = (0..<8000).map { SeriesSample(name: "s\($0)", method: "GET", status: 200, counters: Counters(), httpReqDuration: histogram) }
                return [Self.sample(runId, seq: 1, start: start, series: series)]
            }
            let run = try await runWith(fake)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stderr.contains("series"), "\(run.stderr)")
            let reqs = Fixtures.metric(run.export, "http_reqs", "count") ?? -1
            #expect(Int(reqs) == run.served, "merged \(reqs), target served \(run.served)")
        }
    }
}
