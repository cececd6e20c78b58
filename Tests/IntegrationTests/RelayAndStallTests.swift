import Foundation
import Testing

/// Issue #10: an on-path relay (finding: it rewrote a `prepare` after the handshake) and a
/// stalled coordinator (finding 8: SIGSTOP lost most of the data).
extension IntegrationSuite {
    @Suite struct RelayAndStallTests {
        /// A TCP relay between coordinator and agent that records both directions, looks for the
        /// plaintext it would rewrite, and flips one byte of what the coordinator sends.
        static let relayScript = #"""
        import socket, sys, threading
        upstream_port, flip_at, capture = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
        listener = socket.socket(); listener.bind(("127.0.0.1", 0)); listener.listen(4)
        print("relay on", listener.getsockname()[1], flush=True)
        client, _ = listener.accept()
        server = socket.create_connection(("127.0.0.1", upstream_port))
        seen = {"c2a": bytearray(), "a2c": bytearray()}
        def pump(src, dst, name, flip):
            while True:
                try: data = src.recv(65536)
                except OSError: data = b""
                if not data: break
                data = bytearray(data)
                start = len(seen[name]); seen[name] += data
                # The rewrite a relay would do on plaintext, else a flipped byte.
                data = data.replace(b"127.0.0.1", b"127.0.0.2")
                if flip and start <= flip_at < start + len(data): data[flip_at - start] ^= 0x01
                try: dst.sendall(data)
                except OSError: break
            for s in (src, dst):
                try: s.shutdown(socket.SHUT_RDWR)
                except OSError: pass
        threads = [threading.Thread(target=pump, args=(client, server, "c2a", True)), threading.Thread(target=pump, args=(server, client, "a2c", False))]
        for t in threads: t.start()
        for t in threads: t.join()
        open(capture, "wb").write(bytes(seen["c2a"]) + b"\n-----\n" + bytes(seen["a2c"]))
        """#

        @Test func aRelayCanNeitherReadNorChangeTheControlChannel() async throws {
            let secret = "relay-test-token-3e8b7f1a92c54d06"
            let (target, url) = try await Fixtures.startTarget()
            let token = try Fixtures.tokenFile(secret)
            let (agent, address) = try await Fixtures.startAgent(tokenFile: token)
            let agentPort = address.split(separator: ":").last.map(String.init) ?? "0"
            let scriptPath = Fixtures.temporaryPath("relay.py")
            try Self.relayScript.write(toFile: scriptPath, atomically: true, encoding: .utf8)
            let capture = Fixtures.temporaryPath("relay-capture")
            let relay = Process()
            relay.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            relay.arguments = ["python3", scriptPath, agentPort, "1000", capture]
            let out = Pipe()
            relay.standardOutput = out
            try relay.run()
            defer { if relay.isRunning { relay.terminate() } }
            // One read may return part of the line: read up to its newline (the relay prints it at once).
            var line = ""
            while !line.contains("\n") {
                let data = out.fileHandleForReading.availableData
                if data.isEmpty { break }
                line += String(decoding: data, as: UTF8.self)
            }
            guard let relayPort = line.split(separator: " ").last.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) else {
                throw TestFailure("relay did not start: \(line)")
            }
            let run = try await ChildProcess.run([
                "run", "--url", url + "/api/posts/", "--vus", "2", "--duration", "2s",
                "--agents", "127.0.0.1:\(relayPort)", "--token-file", token, "--quiet",
            ])
            #expect(run.status == 1, "a tampered channel must fail the run: \(run.stdout) \(run.stderr)")
            #expect(run.stderr.contains("127.0.0.1:\(relayPort)"), "the error names the agent: \(run.stderr)")
            #expect(try Fixtures.feedCount(baseURL: url) == 0, "a request reached the target through a tampered channel")
            for _ in 0..<50 where relay.isRunning { try await Task.sleep(for: .milliseconds(100)) }
            let seen = (try? Data(contentsOf: URL(fileURLWithPath: capture))) ?? Data()
            let text = String(decoding: seen, as: UTF8.self)
            #expect(seen.count > 200, "the relay saw \(seen.count) bytes")
            for plaintext in ["hello", "auth", "prepare", "challenge", secret, "api/posts"] {
                #expect(!text.contains(plaintext), "the relay read '\(plaintext)'")
            }
            #expect(agent.isRunning && target.isRunning)
            #expect(agent.stderr.contains("TLS") || agent.stderr.contains("connection"), "\(agent.stderr)")
        }

        @Test func aStalledCoordinatorReadsWhatTheAgentsSentAndBlamesItself() async throws {
            let (target, url) = try await Fixtures.startTarget()
            let token = try Fixtures.tokenFile()
            let (a1, address1) = try await Fixtures.startAgent(tokenFile: token)
            let (a2, address2) = try await Fixtures.startAgent(tokenFile: token)
            let export = Fixtures.temporaryPath("stall.json")
            let coordinator = try ChildProcess([
                "run", "--url", url + "/api/posts/", "--vus", "6", "--duration", "20s", "--sleep", "200ms",
                "--agents", "\(address1),\(address2)", "--token-file", token, "--quiet", "--summary-export", export,
            ])
            try await Task.sleep(for: .seconds(5))
            coordinator.signal(SIGSTOP)
            try await Task.sleep(for: .seconds(15))
            coordinator.signal(SIGCONT)
            let status = try await coordinator.waitForExit(timeout: 60)
            let served = try Fixtures.feedCount(baseURL: url)
            let merged = Fixtures.metric(try Fixtures.readExport(export), "http_reqs", "count") ?? 0
            #expect(status == 0, "stderr: \(coordinator.stderr)")
            #expect(served > 200)
            // Everything the agents measured reached the summary (the last second may be cut).
            #expect(merged >= Double(served) * 0.95 && merged <= Double(served), "merged \(merged) of \(served) served")
            #expect(coordinator.stderr.contains("coordinator stalled"), "\(coordinator.stderr)")
            #expect(!coordinator.stderr.contains("lost at"), "agents were blamed: \(coordinator.stderr)")
            #expect(a1.isRunning && a2.isRunning && target.isRunning)
        }
    }
}
