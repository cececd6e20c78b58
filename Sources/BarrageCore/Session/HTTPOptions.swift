/// The scenario's `http:` options: the client's protocol, TLS trust, redirects and bodies.
public struct HTTPOptions: Codable, Sendable, Equatable {
    /// The HTTP version asked for. A struct rather than an enum so that a `prepare` naming
    /// another version decodes and is refused by ``RunSpec/validate()`` as `bad_spec` with the
    /// field named, not as a malformed frame.
    public struct Version: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String

        public static let http1_1 = Version(unchecked: "1.1")
        /// HTTP/2: ALPN over TLS, prior knowledge on `http://`.
        public static let http2 = Version(unchecked: "2")
        public static let all: [Version] = [.http1_1, .http2]

        /// Only `"1.1"` and `"2"`.
        public init?(rawValue: String) {
            guard Self.all.contains(where: { $0.rawValue == rawValue }) else { return nil }
            self.rawValue = rawValue
        }

        private init(unchecked rawValue: String) {
            self.rawValue = rawValue
        }

        /// Any string (a peer's; ``isKnown`` says whether it is one of ours).
        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }

        public var isKnown: Bool { Self.all.contains(self) }
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

    /// Decodes the types only; the ranges (redirects, PEM sizes, the version, cert and key
    /// together) are checked by ``RunSpec/validate()``, so a peer's bad value is a `bad_spec`
    /// naming the field with the connection kept.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(Version.self, forKey: .version) ?? .http1_1
        insecureSkipTLSVerify = try c.decodeIfPresent(Bool.self, forKey: .insecureSkipTLSVerify) ?? false
        maxRedirects = try c.decodeIfPresent(Int.self, forKey: .maxRedirects) ?? 10
        compression = try c.decodeIfPresent(Bool.self, forKey: .compression) ?? false
        discardResponseBodies = try c.decodeIfPresent(Bool.self, forKey: .discardResponseBodies) ?? false
        tlsCAPEM = try c.decodeIfPresent(String.self, forKey: .tlsCAPEM)
        tlsClientCertPEM = try c.decodeIfPresent(String.self, forKey: .tlsClientCertPEM)
        tlsClientKeyPEM = try c.decodeIfPresent(String.self, forKey: .tlsClientKeyPEM)
    }
}
