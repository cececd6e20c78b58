import BarrageCore
import BarrageWire
import Foundation
import Testing

/// Hostile setups and teardowns, on both sides. `run_once` from a scripted coordinator that holds
/// the token, against a real `coord agent`: every hostile one is refused before any request, the
/// connection stays, and a proper one sends exactly one request and answers with what it
/// extracted. A setup whose request, check or extraction fails, or whose agent answers with a
/// hostile `once_done`, stops a real `coord run` before any load: one line, exit 1.
/// (Teardown after abortOnFail and after one Ctrl-C: SetupTeardownRunTests.)
extension IntegrationSuite {
    @Suite struct HostileSetupTests {
        static let token = "hostile-setup-token-5b1e0c7d9a2f4836e1d0"

        static func once(_ url: String, stage: RunSpec.OnceStage = .setup, values: [String: String]? = nil) throws -> Message.RunOnce {
            var spec = RunSpec(url: url, vus: 1, durationMicros: 1_000_000, timeoutMicros: 5_000_000, gracefulStopMicros: 0)
            var feed = RequestSpec(name: "feed", url: url + "/api/posts/?t=${setup.t}")
            feed.extract = [Extraction(name: "kind", source: .header("Content-Type"))]
            spec.setup = [.request(feed)]
            spec.teardown = [.request(feed)]
            spec.setupValues = values ?? ["t": "1"]
            var once = try #require(spec.onceSpec(stage))
            if stage == .setup { once.setupValues = values }
            return Message.RunOnce(runId: "hostile-\(stage.rawValue)", stage: stage, spec: once)
        }

        @Test func hostileRunOncesAreRefusedAndAProperOneAnswers() async throws {
            let rig = try await AllowListRig.start(token: Self.token)
            let (allowed, allowedURL, evilURL, agent, peer) = (rig.allowed, rig.allowedURL, rig.evilURL, rig.agent, rig.peer)

            var many = try Self.once(allowedURL, stage: .teardown)
            many.spec.executor = .constantVUs(vus: 50, durationMicros: 60_000_000)
            let injected = try Self.once(allowedURL, stage: .teardown, values: ["t": "1\r\nHost: evil"])
            let unset = try Self.once(allowedURL, stage: .teardown, values: [:])
            let outside = try Self.once(evilURL, stage: .teardown)
            for (hostile, expected) in [(many, "bad_spec"), (injected, "bad_spec"), (unset, "bad_spec"), (outside, "target_not_allowed")] {
                try await peer.send(.runOnce(hostile))
                guard case .error(let error)? = try await peer.nextReply() else {
                    Issue.record("\(hostile.spec.executor) was not refused")
                    continue
                }
                #expect(error.kind.rawValue == expected, "\(error)")
                #expect(!error.message.contains("\n"))
            }
            #expect(agent.isRunning)
            #expect(try Fixtures.feedCount(baseURL: allowedURL) == 0)
            #expect(try Fixtures.feedCount(baseURL: evilURL) == 0)

            // A proper teardown (its `${setup.t}` filled in): one request, its values, its sample.
            try await peer.send(.runOnce(try Self.once(allowedURL, stage: .teardown)))
            guard case .onceDone(let done)? = try await peer.nextReply(timeout: .seconds(20)) else {
                Issue.record("no once_done")
                return
            }
            #expect(done.runId == "hostile-teardown" && done.stage == .teardown)
            #expect(done.values["kind"]?.contains("json") == true, "\(done.values)")
            #expect(done.sample.counters.httpReqs == 1 && done.sample.counters.httpReqFailed == 0)
            #expect(try Fixtures.feedCount(baseURL: allowedURL) == 1)
            await peer.close()
            _ = (allowed, rig)
        }

        /// A setup whose check or extraction fails stops the test before any load, as a failed
        /// request does: exit 1, one line naming the step, and the target saw the setup request only.
        @Test(arguments: [
            ("checks: {status: [201]}, extract: {adminToken: {json: \"$.token\"}}", "step 'admin-login': check 'admin-login: status is 201' failed"),
            ("checks: {bodyContains: [never-there]}, extract: {adminToken: {json: \"$.token\"}}", "step 'admin-login': check 'admin-login: body contains"),
            ("extract: {adminToken: {json: \"$.missing\"}}", "adminToken"),
        ])
        func aFailedSetupCheckOrExtractionStopsBeforeAnyLoad(step: String, message: String) async throws {
            let (target, base) = try await SetupTeardownRunTests.startTarget()
            let scenario = """
                target: \(base)
                setup:
                  - {name: admin-login, method: POST, path: /admin/login, \(step)}
                teardown:
                  - {name: cleanup, method: DELETE, path: /admin/session, headers: {X-Admin: "${setup.adminToken}"}}
                scenarios:
                  load: {executor: constant-vus, vus: 3, duration: 20s}
                requests:
                  - {name: load, path: /load, headers: {X-Admin: "${setup.adminToken}"}}
                """
            let started = Date()
            let result = try await SessionRunTests.run(scenario, agents: 3)
            #expect(result.run.status == 1, "stdout: \(result.run.stdout) stderr: \(result.run.stderr)")
            // One error line (the others are the results folder and the plan).
            let lines = result.run.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
            #expect(lines.count == 1, "stderr: \(result.run.stderr)")
            #expect(lines.first?.contains("setup failed, no load was sent") == true, "\(lines)")
            #expect(lines.first?.contains(message) == true, "expected '\(message)' in \(lines)")
            #expect(Date().timeIntervalSince(started) < 15)
            let seen = try SetupTeardownRunTests.seen(base)
            #expect(seen.counts == ["POST /admin/login": 1], "\(seen.counts)")
            let alive = result.processes.allSatisfy { $0.isRunning }
            #expect(alive, "an agent died")
            _ = target
        }

        /// A fake agent on a loopback port that runs no request: it answers `run_once` with
        /// `reply(runOnce)` and remembers every message kind it was sent.
        final class OnceAgent: Sendable {
            let port: Int
            private let task: Task<Void, any Error>
            private let seen = LockedKinds()

            final class LockedKinds: @unchecked Sendable {
                private let lock = NSLock()
                private var kinds: [String] = []
                func add(_ kind: String) { lock.withLock { kinds.append(kind) } }
                var all: [String] { lock.withLock { kinds } }
            }

            /// The kinds of the messages the coordinator sent it, in order (pings left out).
            var received: [String] { seen.all }

            init(reply: @escaping @Sendable (Message.RunOnce) -> Message) async throws {
                let server = try await WireChannel.bind(host: "127.0.0.1", port: 0, tls: try ControlChannelTLS(token: HostileSetupTests.token))
                guard let port = WireChannel.port(of: server) else { throw TestFailure("no port") }
                self.port = port
                let seen = seen
                task = Task {
                    try await server.executeThenClose { connections in
                        for try await connection in connections {
                            connection.frameLimit.set(ProtocolLimits.defaultMaxFrameBytes)
                            try await connection.channel.executeThenClose { inbound, outbound in
                                try await outbound.write(.hello(.init(agentName: "once-liar", challenge: ChallengeResponse.makeChallenge(), maxVUs: 1000, cores: 1)))
                                for try await message in inbound {
                                    switch message {
                                    case .auth:
                                        seen.add("auth")
                                        try await outbound.write(.authOk(.init()))
                                    case .ping(let ping):
                                        try await outbound.write(.pong(.init(seq: ping.seq, sentMicros: ping.sentMicros, agentMicros: WallClock.nowMicros())))
                                    case .runOnce(let once):
                                        seen.add("run_once")
                                        try await outbound.write(reply(once))
                                    case .prepare(let prepare):
                                        seen.add("prepare")
                                        try await outbound.write(.ready(.init(runId: prepare.runId)))
                                    default:
                                        seen.add("other")
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

        /// What an honest agent would answer for the setup below (login 200, its token
        /// extracted), changed by `edit`.
        static func answer(_ once: Message.RunOnce, _ edit: (inout Message.OnceDone) -> Void) -> Message {
            let empty = HdrV2Codec.encodeBase64(LatencyHistogram.make())
            var counters = Counters()
            counters.httpReqs = 1
            counters.iterations = 1
            var sample = Message.Sample(
                runId: once.runId, seq: 1, intervalStartMicros: WallClock.nowMicros(), intervalMicros: 40_000,
                counters: counters, histograms: [TrendMetric.httpReqDuration.name: empty, TrendMetric.iterationDuration.name: empty],
                activeVUs: 0, processCPUPercent: 1, hostCPUPercent: 1, netRxBytes: 0, netTxBytes: 0, loopLagMicros: 0)
            sample.series = [SeriesSample(name: "admin-login", method: "POST", status: 200, counters: counters, httpReqDuration: empty)]
            var done = Message.OnceDone(runId: once.runId, stage: once.stage, values: ["adminToken": "tok-42"], sample: sample)
            edit(&done)
            return .onceDone(done)
        }

        /// Hostile `once_done`s from the agent running the setup, each out of range in its own way.
        static let hostileAnswers: [(String, @Sendable (inout Message.OnceDone) -> Void)] = [
            ("invalid values", { $0.values = ["adminToken": "a\r\nX-Evil: 1"] }),
            ("invalid values", { done in
                for index in 0...RunSpec.SetupLimits.maxValues { done.values["v\(index)"] = "x" }
            }),
            ("invalid values", { $0.values = ["adminToken": String(repeating: "x", count: RunSpec.SetupLimits.maxValueBytes + 1)] }),
            ("invalid once_done sample", { $0.sample.counters.httpReqs = .max }),
            ("invalid once_done sample", { $0.sample.seq = 0 }),
            ("invalid once_done sample", { $0.sample.series?[0].name = "not-a-step" }),
            ("invalid once_done sample", { done in
                done.sample.tags = [TagSample(key: "group", value: "::setup", counters: Counters(), httpReqDuration: "")]
            }),
            ("does not decode", { $0.sample.histograms[TrendMetric.httpReqDuration.name] = "bm90IGEgaGlzdG9ncmFt" }),
            ("a once_done for run 'forged", { $0.runId = "forged\u{1b}[2J" }),
            ("steps did not finish", { $0.sample.counters.iterations = 0 }),
            ("'adminToken' was not extracted", { $0.values = [:] }),
        ]

        /// The agent running the setup answers with a hostile `once_done`: the coordinator stops
        /// the test before any load with one line (exit 1), the honest agent is never prepared,
        /// and the target sees nothing.
        @Test(arguments: 0..<hostileAnswers.count)
        func aHostileOnceDoneStopsTheTestBeforeAnyLoad(index: Int) async throws {
            let (expected, edit) = Self.hostileAnswers[index]
            let fake = try await OnceAgent { once in Self.answer(once, edit) }
            let (target, base) = try await SetupTeardownRunTests.startTarget()
            let token = try Fixtures.tokenFile(Self.token)
            let (agent, address) = try await Fixtures.startAgent(tokenFile: token)
            let scenario = try IntegrationSuite.ScenarioRunTests.writeScenario("""
                target: \(base)
                setup:
                  - {name: admin-login, method: POST, path: /admin/login, extract: {adminToken: {json: "$.token"}}}
                scenarios:
                  load: {executor: constant-vus, vus: 2, duration: 20s}
                requests:
                  - {name: load, path: /load, headers: {X-Admin: "${setup.adminToken}"}}
                """)
            let started = Date()
            let run = try await ChildProcess.run([
                "run", scenario, "--agents", "127.0.0.1:\(fake.port),\(address)", "--token-file", token, "--quiet",
            ], timeout: 60)
            #expect(run.status == 1, "case \(index): stdout: \(run.stdout) stderr: \(run.stderr)")
            let lines = run.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
            #expect(lines.count == 1, "case \(index): \(run.stderr)")
            #expect(lines.first?.contains("setup failed, no load was sent") == true, "case \(index): \(lines)")
            #expect(lines.first?.contains(expected) == true, "case \(index): expected '\(expected)' in \(lines)")
            #expect(!run.stderr.contains("\u{1b}"), "a raw escape reached the terminal")
            #expect(Date().timeIntervalSince(started) < 15)
            #expect(fake.received == ["auth", "run_once"], "case \(index): \(fake.received)")
            #expect(try SetupTeardownRunTests.seen(base).counts.isEmpty)
            #expect(agent.isRunning, "the honest agent died: \(agent.stderr)")
            _ = target
        }
    }
}
