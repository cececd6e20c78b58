import Foundation
import Testing

extension IntegrationSuite {
    @Suite struct AgentRobustnessTests {
        /// Sends raw bytes to the agent and returns what it answered before closing.
        func exchange(_ address: String, _ payload: [UInt8]) throws -> String {
            let parts = address.split(separator: ":")
            guard parts.count == 2, let port = UInt16(parts[1]) else { throw TestFailure("bad address \(address)") }
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(port.bigEndian)
            addr.sin_addr.s_addr = inet_addr(String(parts[0]))
            let connected = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw TestFailure("cannot connect to \(address)") }
            var sent = 0
            while sent < payload.count {
                let n = payload[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { break }
                sent += n
            }
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n <= 0 { break }
                received.append(contentsOf: buffer[0..<n])
            }
            return String(decoding: received, as: UTF8.self)
        }

        @Test func garbageFramesNeverCrashTheAgent() async throws {
            let secret = "robustness-token-7c1e5a90b3d24f68"
            let token = try Fixtures.tokenFile(secret)
            let (agent, address) = try await Fixtures.startAgent(tokenFile: token)
            // Without TLS nothing readable comes back: no hello, no JSON.
            for payload in [Array("{not json\n".utf8), (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) } + [10]] {
                let answer = try exchange(address, payload)
                #expect(!answer.contains("hello") && !answer.contains("{"), "plaintext answer: \(answer)")
            }
            // Inside TLS, after hello: each kind of garbage gets its error.
            for (payload, kind) in [
                (Array("{not json\n".utf8), "malformed_frame"),
                (Array("{\"type\":\"launch_missiles\"}\n".utf8), "unknown_type"),
                (Array("{\"type\":\"prepare\",\"run_id\":\"x\",\"agent_index\":0,\"spec\":{}}\n".utf8), "malformed_frame"),
                ([UInt8](repeating: UInt8(ascii: "x"), count: 5 << 20), "frame_too_large"),
            ] {
                let peer = try await HostileCoordinator.connect(address, token: secret)
                guard case .hello = try await peer.next() else { throw TestFailure("no hello") }
                try await peer.sendRaw(payload)
                guard case .error(let error) = try await peer.next() else { throw TestFailure("no error for \(kind)") }
                #expect(error.kind.rawValue == kind)
                await peer.close()
            }
            #expect(agent.isRunning)
            #expect(agent.stderr.contains("error"))

            // Still serves a real run afterwards.
            let run = try await ChildProcess.run([
                "run", "--url", "http://127.0.0.1:1/", "--vus", "1", "--duration", "500ms",
                "--agents", address, "--token-file", token, "--quiet",
            ])
            #expect(run.status == 0, "stderr: \(run.stderr)")
        }
    }
}
