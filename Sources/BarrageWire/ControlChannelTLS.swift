#if canImport(Glibc)
import Glibc
#endif
import BarrageCore
import NIOCore
import NIOSSL

/// TLS for the control channel: TLS 1.2 with ECDHE-PSK-CHACHA20-POLY1305, keyed by
/// ``ControlChannelKey``.
///
/// The PSK handshake authenticates both ends (each proves it holds the key in its `Finished`
/// message), ECDHE gives every connection fresh keys (a recorded session stays unreadable if the
/// token leaks later), and the AEAD makes any byte a relay changes fail the connection. BoringSSL
/// supports external PSKs only with TLS 1.2 cipher suites, hence the pinned version. There is no
/// plaintext mode.
public struct ControlChannelTLS: Sendable {
    /// The one cipher suite offered and accepted.
    public static let cipherSuite = "ECDHE-PSK-CHACHA20-POLY1305"

    let serverContext: NIOSSLContext
    let clientContext: NIOSSLContext

    /// - Throws: NIOSSL's error if BoringSSL refuses the configuration (it does not for a valid key).
    public init(key: ControlChannelKey) throws {
        let secret = key.bytes
        var server = TLSConfiguration.makePreSharedKeyConfiguration()
        server.minimumTLSVersion = .tlsv12
        server.maximumTLSVersion = .tlsv12
        server.cipherSuites = Self.cipherSuite
        server.pskHint = ControlChannelKey.identity
        server.pskServerProvider = { context in
            // A peer naming another identity is not a Barrage coordinator of this version.
            guard context.clientIdentity == ControlChannelKey.identity else {
                throw ControlChannelError.unknownIdentity
            }
            return PSKServerIdentityResponse(key: Self.secureBytes(secret))
        }
        var client = TLSConfiguration.makeClientConfiguration()
        client.minimumTLSVersion = .tlsv12
        client.maximumTLSVersion = .tlsv12
        client.cipherSuites = Self.cipherSuite
        client.certificateVerification = .none  // the PSK authenticates the agent; there is no certificate
        client.pskHint = ControlChannelKey.identity
        client.pskClientProvider = { _ in
            PSKClientIdentityResponse(key: Self.secureBytes(secret), identity: ControlChannelKey.identity)
        }
        serverContext = try NIOSSLContext(configuration: server)
        clientContext = try NIOSSLContext(configuration: client)
    }

    private static func secureBytes(_ bytes: [UInt8]) -> NIOSSLSecureBytes {
        var secure = NIOSSLSecureBytes()
        secure.append(bytes)
        return secure
    }

    /// - Parameter token: the shared token (``TokenFile``).
    public init(token: String) throws {
        try self.init(key: ControlChannelKey(token: token))
    }
}

/// Why the control channel's TLS failed, in words for the operator.
public enum ControlChannelError: Error, Sendable, CustomStringConvertible {
    /// The peer's PSK identity is not ``ControlChannelKey/identity``.
    case unknownIdentity

    public var description: String {
        switch self {
        case .unknownIdentity:
            return "the peer named an unknown PSK identity (not a Barrage coordinator speaking protocol v\(ProtocolVersion.current))"
        }
    }

    /// BoringSSL's reason code in an error (`BAD_RECORD_MAC`), without file paths and numbers.
    static func reason(of error: NIOSSLError) -> String {
        let text = "\(error)"
        guard let marker = text.range(of: "OPENSSL_internal:") else { return PeerText.escape(text, limit: 80) }
        let rest = text[marker.upperBound...]
        return PeerText.escape(String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }), limit: 80)
    }

    /// One line for a failed connection: what it most likely means. Only a handshake that fails
    /// on the keys points at the token; a peer that vanishes after a good handshake (killed, a
    /// dropped network) is a lost peer, and one that closes before TLS finished may be busy.
    public static func explain(_ error: any Error) -> String {
        if let error = error as? ControlChannelError { return error.description }
        if let error = error as? NIOSSLError {
            switch error {
            case .uncleanShutdown:
                // NIOSSL reports an EOF during the handshake as `handshakeFailed`: this one came after it.
                return lostText
            case .handshakeFailed(let inner) where "\(inner)".contains("EOF during handshake"):
                return "the peer closed the connection before the TLS handshake finished (it is busy and turns connections away, holds another token, or is not a Barrage v\(ProtocolVersion.current) peer)"
            case .handshakeFailed:
                return "TLS handshake failed: the tokens differ, or the peer is not a Barrage v\(ProtocolVersion.current) peer (\(reason(of: error)))"
            default:
                return "TLS error: \(PeerText.escape("\(error)", limit: 200))"
            }
        }
        if let error = error as? IOError, [ECONNRESET, EPIPE, ETIMEDOUT].contains(error.errnoCode) {
            return lostText
        }
        // A dial that failed (`connection refused`): in words, without NIO's type names.
        return SocketErrorText.describe(error)
    }

    /// A connection that ended without TLS's close after a good handshake.
    public static let lostText = "connection lost: the peer closed it without a TLS close (killed, crashed, or the network dropped)"
}
