/// The scenario's `http:` options: the client's protocol, TLS trust, redirects and bodies.
public struct HTTPOptions: Codable, Sendable, Equatable {
    public enum Version: String, Codable, Sendable {
        case http1_1 = "1.1"
        /// HTTP/2: ALPN over TLS, prior knowledge on `http://`.
        case http2 = "2"
    }

    public var version: Version
    public var insecureSkipTLSVerify: Bool
    /// PEM text of a CA to trust (the file is read by the coordinator).
    public var tlsCAPEM: String?
    /// PEM text of a client certificate and its key.
    public var tlsClientCertPEM: String?
    public var tlsClientKeyPEM: String?
    /// Redirects followed per request (k6's default 10); 0 does not follow. Each hop is a request.
    public var maxRedirects: Int
    /// Ask for gzip, br and zstd (`Accept-Encoding`); `data_received` counts the wire bytes.
    public var compression: Bool
    /// Do not keep response bodies unless a check or an extraction needs them.
    public var discardResponseBodies: Bool

    /// The most redirects one request may follow.
    public static let maximumRedirects = 100
    /// The largest PEM text accepted for each of the TLS files.
    public static let maximumPEMBytes = 1 << 20

    public init(
        version: Version = .http1_1, insecureSkipTLSVerify: Bool = false, tlsCAPEM: String? = nil,
        tlsClientCertPEM: String? = nil, tlsClientKeyPEM: String? = nil, maxRedirects: Int = 10,
        compression: Bool = false, discardResponseBodies: Bool = false
    ) {
        self.version = version
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.tlsCAPEM = tlsCAPEM
        self.tlsClientCertPEM = tlsClientCertPEM
        self.tlsClientKeyPEM = tlsClientKeyPEM
        self.maxRedirects = maxRedirects
        self.compression = compression
        self.discardResponseBodies = discardResponseBodies
    }

    enum CodingKeys: String, CodingKey {
        case version
        case insecureSkipTLSVerify = "insecure_skip_tls_verify"
        case tlsCAPEM = "tls_ca_pem"
        case tlsClientCertPEM = "tls_client_cert_pem"
        case tlsClientKeyPEM = "tls_client_key_pem"
        case maxRedirects = "max_redirects"
        case compression
        case discardResponseBodies = "discard_response_bodies"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(Version.self, forKey: .version) ?? .http1_1
        insecureSkipTLSVerify = try c.decodeIfPresent(Bool.self, forKey: .insecureSkipTLSVerify) ?? false
        maxRedirects = try c.decodeIfPresent(Int.self, forKey: .maxRedirects) ?? 10
        guard (0...Self.maximumRedirects).contains(maxRedirects) else {
            throw DecodingError.dataCorruptedError(
                forKey: .maxRedirects, in: c, debugDescription: "expected 0...\(Self.maximumRedirects), got \(maxRedirects)")
        }
        compression = try c.decodeIfPresent(Bool.self, forKey: .compression) ?? false
        discardResponseBodies = try c.decodeIfPresent(Bool.self, forKey: .discardResponseBodies) ?? false
        func pem(_ key: CodingKeys) throws -> String? {
            guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
            guard text.utf8.count <= Self.maximumPEMBytes, !text.utf8.contains(0) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "expected PEM text of at most \(Self.maximumPEMBytes) bytes")
            }
            return text
        }
        tlsCAPEM = try pem(.tlsCAPEM)
        tlsClientCertPEM = try pem(.tlsClientCertPEM)
        tlsClientKeyPEM = try pem(.tlsClientKeyPEM)
        guard (tlsClientCertPEM == nil) == (tlsClientKeyPEM == nil) else {
            throw DecodingError.dataCorruptedError(forKey: .tlsClientKeyPEM, in: c, debugDescription: "a client certificate needs its key, and a key its certificate")
        }
    }
}
