import BarrageTestSupport
import Foundation
import Testing

extension IntegrationSuite {
    /// HTTPS against the session target with certificates made by openssl in the test: a self-signed
    /// CA, a server certificate for 127.0.0.1 and a client certificate.
    @Suite(.tags(.tool)) struct SessionTLSTests {
        /// The certificate files, in a fresh folder; nil (the test is skipped) without openssl.
        static func makeCertificates() async throws -> String? {
            guard let openssl = ExternalTool.find("openssl"), ExternalTool.find("curl") != nil else {
                try RequiredTool.openssl.missing()
                return nil
            }
            let folder = Fixtures.temporaryPath("tls")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try "subjectAltName=IP:127.0.0.1\n".write(toFile: folder + "/san.ext", atomically: true, encoding: .utf8)
            let steps: [[String]] = [
                ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=barrage-test-ca"],
                ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"],
                ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem",
                 "-days", "2", "-extfile", "san.ext"],
                ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=barrage-client"],
                ["x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "client.pem", "-days", "2"],
            ]
            for step in steps {
                let arguments = step.map { $0.hasSuffix(".key") || $0.hasSuffix(".pem") || $0.hasSuffix(".csr") || $0.hasSuffix(".ext") ? folder + "/" + $0 : $0 }
                let (status, _) = try await ExternalTool.run(openssl, arguments, timeout: 30)
                guard status == 0 else { throw TestFailure("openssl \(step.joined(separator: " ")) failed") }
            }
            return folder
        }

        static func scenario(_ base: String, http: String, path: String = "/text", iterations: Int = 3) -> String {
            """
            target: \(base)
            http: \(http)
            scenarios:
              t: {executor: per-vu-iterations, vus: 1, iterations: \(iterations), maxDuration: 20s}
            requests:
              - {name: text, path: \(path)}
            """
        }

        static func failed(_ result: SessionRunTests.SessionRun) throws -> Double? {
            Fixtures.metric(try Fixtures.readExport(result.export), "http_req_failed", "passes")
        }

        /// A self-signed certificate is refused by default (a `tls` error), accepted with
        /// insecureSkipTLSVerify (or --insecure-skip-tls-verify) and with tlsCA.
        @Test func selfSignedIsRefusedByDefaultAndTrustedWhenAsked() async throws {
            guard let certs = try await Self.makeCertificates() else { return }
            let (target, base) = try await SessionTarget.start(tls: ["--tls", certs + "/server.pem", certs + "/server.key"])
            let refused = try await SessionRunTests.run(Self.scenario(base, http: "{}"), agents: 0)
            #expect(try Self.failed(refused) == 3)
            #expect(refused.run.stdout.contains("tls"), "the summary names the TLS errors: \(refused.run.stdout)")

            let insecure = try await SessionRunTests.run(Self.scenario(base, http: "{insecureSkipTLSVerify: true}"), agents: 0)
            #expect(try Self.failed(insecure) == 0, "\(insecure.run.stdout)")
            let flag = try await SessionRunTests.run(Self.scenario(base, http: "{}"), agents: 0, extra: ["--insecure-skip-tls-verify"])
            #expect(try Self.failed(flag) == 0)
            let trusted = try await SessionRunTests.run(
                Self.scenario(base, http: "{tlsCA: ca.pem}"), agents: 1,
                files: ["ca.pem": try String(contentsOfFile: certs + "/ca.pem", encoding: .utf8)])
            #expect(try Self.failed(trusted) == 0, "\(trusted.run.stdout) \(trusted.run.stderr)")
            _ = target
        }

        /// A server that requires client certificates: refused without one, served with
        /// tlsClientCert + tlsClientKey (sent to the agent as PEM text).
        @Test func clientCertificates() async throws {
            guard let certs = try await Self.makeCertificates() else { return }
            let (target, base) = try await SessionTarget.start(
                tls: ["--tls", certs + "/server.pem", certs + "/server.key", "--client-ca", certs + "/ca.pem"])
            var files: [String: String] = [:]
            for name in ["ca.pem", "client.pem", "client.key"] {
                files[name] = try String(contentsOfFile: certs + "/" + name, encoding: .utf8)
            }
            let without = try await SessionRunTests.run(Self.scenario(base, http: "{tlsCA: ca.pem}"), agents: 0, files: files)
            #expect(try Self.failed(without) == 3)
            let with = try await SessionRunTests.run(
                Self.scenario(base, http: "{tlsCA: ca.pem, tlsClientCert: client.pem, tlsClientKey: client.key}"), agents: 1, files: files)
            #expect(try Self.failed(with) == 0, "\(with.run.stdout) \(with.run.stderr)")
            let stats = try await SessionTarget.tlsStats(base, extra: ["--cert", certs + "/client.pem", "--key", certs + "/client.key"])
            #expect(SessionTarget.int(stats["client_certs"]) >= 3)
            _ = target
        }

        /// version "2": ALPN offers h2 over TLS (the server sees it), prior knowledge on http://
        /// (the server sees the HTTP/2 preface, `PRI *`).
        @Test func http2IsSeenByTheServer() async throws {
            guard let certs = try await Self.makeCertificates() else { return }
            let (tlsTarget, tlsBase) = try await SessionTarget.start(tls: ["--tls", certs + "/server.pem", certs + "/server.key"])
            _ = try await SessionRunTests.run(Self.scenario(tlsBase, http: "{version: \"2\", insecureSkipTLSVerify: true}", iterations: 1), agents: 0)
            let tlsStats = try await SessionTarget.tlsStats(tlsBase)
            #expect(SessionTarget.int((tlsStats["alpn"] as? [String: Any])?["h2"]) >= 1, "\(tlsStats)")

            let (plainTarget, plainBase) = try await SessionTarget.start()
            _ = try await SessionRunTests.run(Self.scenario(plainBase, http: "{version: \"2\"}", iterations: 1), agents: 0)
            let plainStats = try SessionTarget.stats(plainBase)
            #expect(SessionTarget.int((plainStats["methods"] as? [String: Any])?["PRI"]) >= 1, "\(plainStats)")
            // HTTP/1.1 (the default) stays HTTP/1.1.
            _ = try await SessionRunTests.run(Self.scenario(plainBase, http: "{}", iterations: 1), agents: 0)
            #expect(SessionTarget.int((try SessionTarget.stats(plainBase)["methods"] as? [String: Any])?["GET"]) >= 1)
            _ = (tlsTarget, plainTarget)
        }
    }
}
