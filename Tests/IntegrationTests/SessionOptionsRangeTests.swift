import BarrageCore
import Foundation
import Testing

extension IntegrationSuite {
    /// A real agent refuses out-of-range `spec.session.http` options with `bad_spec` naming the
    /// field, keeps the connection, and prepares a correct run on it afterwards.
    @Suite struct SessionOptionsRangeTests {
        @Test func outOfRangeHTTPOptionsAreBadSpecAndTheConnectionStays() async throws {
            let hostile = HostileCoordinatorTests()
            let token = HostileCoordinatorTests.token
            let (agent, address) = try await Fixtures.startAgent(tokenFile: try Fixtures.tokenFile(token))
            let peer = try await HostileCoordinator.connect(address, token: token)
            _ = try await peer.authenticate(token: token)
            func withHTTP(_ http: HTTPOptions) -> RunSpec {
                var spec = hostile.spec("http://127.0.0.1:1/")
                spec.session = SessionSpec(http: http)
                return spec
            }
            let pem = "-----BEGIN CERTIFICATE-----\n"
            let cases: [(String, HTTPOptions)] = [
                ("spec.session.http.max_redirects", HTTPOptions(maxRedirects: 101)),
                ("spec.session.http.max_redirects", HTTPOptions(maxRedirects: .min)),
                ("spec.session.http.tls_ca_pem", HTTPOptions(tlsCAPEM: pem + String(repeating: "A", count: HTTPOptions.maximumPEMBytes))),
                ("spec.session.http.tls_ca_pem", HTTPOptions(tlsCAPEM: pem + "\u{0}")),
                ("spec.session.http.tls_client_key_pem", HTTPOptions(tlsClientCertPEM: pem)),
            ]
            for (field, http) in cases {
                let reply = try await hostile.answer(peer, hostile.prepare(withHTTP(http)))
                #expect(reply.kind == "bad_spec" && reply.text.hasPrefix(field), "\(field): \(reply)")
            }
            // A version the agent does not speak: only a raw frame can carry it.
            let line = String(decoding: try MessageCoding.encode(hostile.prepare(withHTTP(HTTPOptions()))), as: UTF8.self)
            #expect(line.contains(#""version":"1.1""#))
            try await peer.sendRaw(Array(line.replacingOccurrences(of: #""version":"1.1""#, with: #""version":"3""#).utf8))
            if case .error(let error) = try await peer.nextReply() {
                #expect(error.kind == .badSpec && error.message.hasPrefix("spec.session.http.version"), "\(error)")
            } else {
                Issue.record("version 3 was not refused")
            }
            #expect(try await hostile.answer(peer, hostile.prepare(withHTTP(HTTPOptions(maxRedirects: 100)))).kind == "ready")
            #expect(agent.isRunning, "agent died: \(agent.stderr)")
            await peer.close()
        }
    }
}
