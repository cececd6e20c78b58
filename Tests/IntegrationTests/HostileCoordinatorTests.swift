import BarrageCore
import Foundation
import Testing

/// Issue #10 findings, each reproduced by a scripted coordinator that holds the token (or a
/// stranger who does not) against a real `coord agent` process.
extension IntegrationSuite {
    @Suite struct HostileCoordinatorTests {
        static let token = "hostile-tests-token-0f3a9c21d87e4b56a0c3"

        func spec(_ url: String, vus: Int = 1) -> RunSpec {
            RunSpec(url: url, vus: vus, durationMicros: 2_000_000, timeoutMicros: 5_000_000, gracefulStopMicros: 0)
        }

        func prepare(_ spec: RunSpec, runId: String = "hostile-run") -> Message {
            .prepare(.init(runId: runId, agentIndex: 0, spec: spec))
        }

        /// Sends a prepare and returns the error kind and text, or "ready".
        func answer(_ peer: HostileCoordinator, _ message: Message) async throws -> (kind: String, text: String) {
            try await peer.send(message)
            switch try await peer.nextReply() {
            case .ready: return ("ready", "")
            case .error(let error): return (error.kind.rawValue, error.message)
            case let other: return ("unexpected", "\(String(describing: other))")
            }
        }

        @Test func aNulByteOrAControlCharacterNeverPassesTheAllowList() async throws {
            let rig = try await AllowListRig.start(token: Self.token)
            let (allowed, allowedURL, evilURL, agent, peer) = (rig.allowed, rig.allowedURL, rig.evilURL, rig.agent, rig.peer)
            let evilHostPort = evilURL.replacingOccurrences(of: "http://", with: "")
            let allowedHostPort = allowedURL.replacingOccurrences(of: "http://", with: "")

            // The reproduction from the issue: curl would have connected to 127.0.0.2.
            let nul = try await answer(peer, prepare(spec("http://\(evilHostPort)\u{0}@\(allowedHostPort)/api/posts/")))
            #expect(nul.kind == "bad_spec" && nul.text.contains("control character"), "\(nul)")
            let direct = try await answer(peer, prepare(spec("\(evilURL)/api/posts/")))
            #expect(direct.kind == "target_not_allowed", "\(direct)")
            let userinfo = try await answer(peer, prepare(spec("http://\(allowedHostPort)@\(evilHostPort)/api/posts/")))
            #expect(userinfo.kind == "target_not_allowed", "\(userinfo)")
            var injected = spec("\(allowedURL)/api/posts/")
            injected.requests = [RequestSpec(name: "x", url: "\(allowedURL)/api/posts/", headers: [HTTPHeader(name: "A", value: "b\r\nHost: evil")])]
            let header = try await answer(peer, prepare(injected))
            #expect(header.kind == "bad_spec" && header.text.contains("headers[0].value"), "\(header)")
            injected.requests = [RequestSpec(name: "x", method: "GET / HTTP/1.1\r\n", url: "\(allowedURL)/api/posts/")]
            let method = try await answer(peer, prepare(injected))
            #expect(method.kind == "bad_spec" && method.text.contains("method"), "\(method)")
            let scheme = try await answer(peer, prepare(spec("file:///etc/passwd")))
            #expect(scheme.kind == "bad_spec", "\(scheme)")
            #expect(agent.isRunning)
            await peer.close()
            #expect(try Fixtures.feedCount(baseURL: evilURL) == 0)
            #expect(try Fixtures.feedCount(baseURL: allowedURL) == 0)
            _ = (allowed, rig)
        }

        @Test func hostPortAndCIDRFormsOfTheAllowList() async throws {
            let (target, targetURL) = try await Fixtures.startTarget()
            let hostPort = targetURL.replacingOccurrences(of: "http://", with: "")
            let token = try Fixtures.tokenFile(Self.token)
            let (first, portOnly) = try await Fixtures.startAgent(tokenFile: token, extra: ["--allow-target", hostPort])
            let peer = try await HostileCoordinator.connect(portOnly, token: Self.token)
            _ = try await peer.authenticate(token: Self.token)
            let otherPort = try await answer(peer, prepare(spec("http://127.0.0.1:1/")))
            #expect(otherPort.kind == "target_not_allowed", "\(otherPort)")
            let samePort = try await answer(peer, prepare(spec(targetURL + "/api/posts/")))
            #expect(samePort.kind == "ready", "\(samePort)")
            await peer.close()

            let (secondAgent, cidr) = try await Fixtures.startAgent(tokenFile: token, extra: ["--allow-target", "127.0.0.0/30,10.0.0.0/8"])
            let second = try await HostileCoordinator.connect(cidr, token: Self.token)
            _ = try await second.authenticate(token: Self.token)
            let inside = try await answer(second, prepare(spec("http://127.0.0.3:9/")))
            #expect(inside.kind == "ready", "\(inside)")
            try await second.send(.stop(.init(runId: "hostile-run", gracefulStopMicros: 0)))
            _ = try await second.nextReply()
            let outside = try await answer(second, prepare(spec("http://127.0.0.4:9/")))
            #expect(outside.kind == "target_not_allowed", "\(outside)")
            await second.close()
            #expect(first.isRunning && secondAgent.isRunning && target.isRunning)
        }

        @Test func outOfRangeNumbersAreRefusedByFieldAndNeverCrashTheAgent() async throws {
            let token = try Fixtures.tokenFile(Self.token)
            let (agent, address) = try await Fixtures.startAgent(tokenFile: token)
            let peer = try await HostileCoordinator.connect(address, token: Self.token)
            _ = try await peer.authenticate(token: Self.token)
            let url = "http://127.0.0.1:1/"
            var cases: [(String, RunSpec)] = []
            var s = spec(url); s.executor = .constantVUs(vus: -1, durationMicros: 2_000_000); cases.append(("spec.executor", s))
            s = spec(url); s.executor = .constantVUs(vus: 0, durationMicros: 2_000_000); cases.append(("spec.executor", s))
            s = spec(url); s.executor = .constantVUs(vus: 1, durationMicros: .max); cases.append(("spec.executor", s))
            s = spec(url); s.gracefulStopMicros = .max; cases.append(("spec.graceful_stop_micros", s))
            s = spec(url); s.thinkTime = .fixed(micros: .max); cases.append(("spec.think_time.fixed_micros", s))
            s = spec(url); s.timeoutMicros = .max; cases.append(("spec.timeout_micros", s))
            s = spec(url); s.threads = 25_000; cases.append(("spec.threads", s))
            s = spec(url); s.expectedStatuses = [99_999]; cases.append(("spec.expected_statuses[0]", s))
            s = spec(url); s.executor = .sharedIterations(vus: 5, iterations: 2, maxDurationMicros: 10_000_000); cases.append(("spec.executor", s))
            for (field, bad) in cases {
                let reply = try await answer(peer, prepare(bad))
                #expect(reply.kind == "bad_spec" && reply.text.hasPrefix(field), "\(field): \(reply)")
            }
            // A valid run, then hostile start and stop values.
            #expect(try await answer(peer, prepare(spec(url))).kind == "ready")
            let start = try await answer(peer, .start(.init(runId: "hostile-run", startAtMicros: .min)))
            #expect(start.kind == "bad_spec" && start.text.hasPrefix("start_at_micros"), "\(start)")
            let epoch = try await answer(peer, .start(.init(runId: "hostile-run", startAtMicros: 0)))
            #expect(epoch.kind == "bad_spec", "\(epoch)")
            #expect(agent.isRunning, "agent died: \(agent.stderr)")
            await peer.close()
            try await Task.sleep(for: .milliseconds(300))

            let second = try await HostileCoordinator.connect(address, token: Self.token)
            _ = try await second.authenticate(token: Self.token)
            #expect(try await answer(second, prepare(spec(url), runId: "r2")).kind == "ready")
            try await second.send(.start(.init(runId: "r2", startAtMicros: Int64(Date().timeIntervalSince1970 * 1e6))))
            let stop = try await answer(second, .stop(.init(runId: "r2", gracefulStopMicros: .max)))
            #expect(stop.kind == "bad_spec" && stop.text.hasPrefix("graceful_stop_micros"), "\(stop)")
            try await second.send(.stop(.init(runId: "r2", gracefulStopMicros: 0)))
            var done = false
            while let message = try await second.nextReply() {
                if case .done = message { done = true; break }
            }
            #expect(done)
            #expect(agent.isRunning, "agent died: \(agent.stderr)")
        }

        func openDescriptors(_ pid: Int32) throws -> Int {
            try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count
        }

        @Test func preparedRunsThatNeverStartLeakNoDescriptors() async throws {
            let token = try Fixtures.tokenFile(Self.token)
            let (agent, address) = try await Fixtures.startAgent(tokenFile: token)
            let url = "http://127.0.0.1:1/"
            // Warm up: the first connection creates NIO's threads and curl's global state.
            let warm = try await HostileCoordinator.connect(address, token: Self.token)
            _ = try await warm.authenticate(token: Self.token)
            await warm.close()
            try await Task.sleep(for: .milliseconds(500))
            let before = try openDescriptors(agent.pid)
            for round in 0..<20 {
                let peer = try await HostileCoordinator.connect(address, token: Self.token)
                _ = try await peer.authenticate(token: Self.token)
                var wide = spec(url, vus: 64)
                wide.thinkTime = .fixed(micros: 1_000_000)
                wide.threads = 1_024  // capped by cores: never 1024 eventfds
                #expect(try await answer(peer, prepare(wide, runId: "leak-\(round)")).kind == "ready")
                if round.isMultiple(of: 2) {
                    try await peer.send(.stop(.init(runId: "leak-\(round)", gracefulStopMicros: 0)))
                    _ = try await peer.nextReply()
                }
                await peer.close()
            }
            try await Task.sleep(for: .seconds(1))
            let after = try openDescriptors(agent.pid)
            #expect(after <= before + 2, "descriptors before \(before), after \(after)")
            #expect(agent.isRunning)
        }

        @Test func oneRunAtATimeWhicheverConnectionsAsk() async throws {
            let token = try Fixtures.tokenFile(Self.token)
            let (agent, address) = try await Fixtures.startAgent(tokenFile: token, extra: ["--max-vus", "5"])
            var peers: [HostileCoordinator] = []
            for _ in 0..<4 {
                let peer = try await HostileCoordinator.connect(address, token: Self.token)
                _ = try await peer.authenticate(token: Self.token)
                peers.append(peer)
            }
            var kinds: [String] = []
            for peer in peers { kinds.append(try await answer(peer, prepare(spec("http://127.0.0.1:1/", vus: 5), runId: "same")).kind) }
            #expect(kinds.filter { $0 == "ready" }.count == 1, "\(kinds)")
            #expect(kinds.filter { $0 == "busy" }.count == 3, "\(kinds)")
            for peer in peers { await peer.close() }
            #expect(agent.isRunning)
        }

        @Test func beforeAuthFramesAreSmallConnectionsFewAndPeerTextIsEscaped() async throws {
            let token = try Fixtures.tokenFile(Self.token)
            let (agent, address) = try await Fixtures.startAgent(tokenFile: token)
            // A forged log line in a pre-auth type.
            let forger = try await HostileCoordinator.connect(address, token: Self.token)
            guard case .hello = try await forger.next() else { throw TestFailure("no hello") }
            try await forger.sendRaw(Array(#"{"type":"x\n2099-01-01T00:00:00Z info forged \u001b[2J"}"#.utf8) + [10])
            _ = try await forger.next()
            await forger.close()
            // 64 KiB before auth: refused at the pre-auth limit, not buffered up to 4 MiB.
            let big = try await HostileCoordinator.connect(address, token: Self.token)
            guard case .hello = try await big.next() else { throw TestFailure("no hello") }
            try await big.sendRaw([UInt8](repeating: UInt8(ascii: "a"), count: 64 * 1024))
            guard case .error(let tooLarge) = try await big.next() else { throw TestFailure("no frame_too_large") }
            #expect(tooLarge.kind == .frameTooLarge)
            await big.close()
            // Many strangers at once: most are turned away at the door, the agent stays small.
            let (host, port) = try HostileCoordinator.split(address)
            let strangers = RawConnections(host: host, port: port, count: 60)
            try await Task.sleep(for: .seconds(1))
            let closedByAgent = strangers.closedByPeer
            #expect(closedByAgent >= 60 - ProtocolLimits.maxUnauthenticatedConnections, "only \(closedByAgent) of 60 turned away")
            let rss = ProcessFigures.rssKiB(agent.pid)
            #expect(rss < 200_000, "agent RSS \(rss) kB")
            strangers.close()
            #expect(agent.isRunning)
            let lines = agent.stderr.split(separator: "\n")
            #expect(!lines.contains { $0.hasPrefix("2099-01-01") }, "a forged line: \(agent.stderr)")
            #expect(!agent.stderr.contains("\u{1b}"), "a raw escape reached the log")
            #expect(agent.stderr.contains("\\u{a}2099-01-01"), "the type is logged escaped: \(agent.stderr)")
        }
    }
}

extension IntegrationSuite.HostileCoordinatorTests {
    /// Finding 5: an authenticated connection that holds no run and says nothing is closed.
    @Test func anAuthenticatedButSilentConnectionIsClosed() async throws {
        let token = try Fixtures.tokenFile(Self.token)
        let (agent, address) = try await Fixtures.startAgent(tokenFile: token, extra: ["--idle-timeout", "2s"])
        let peer = try await HostileCoordinator.connect(address, token: Self.token)
        _ = try await peer.authenticate(token: Self.token)
        let started = Date()
        let next = try await peer.next(timeout: .seconds(10))
        #expect(next == nil, "the agent sent \(String(describing: next)) instead of closing")
        let waited = Date().timeIntervalSince(started)
        #expect(waited >= 1.5 && waited < 8, "closed after \(waited) s")
        #expect(agent.stderr.contains("idle for"), "\(agent.stderr)")
        await peer.close()
        #expect(agent.isRunning)
    }
}
