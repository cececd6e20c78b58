import BarrageCore

/// The TLS pre-shared key of the control channel, derived from the shared token.
///
/// Both ends derive the same 32 bytes with HKDF-SHA256 (RFC 5869) from the token, so deploying an
/// agent still needs only the token file; the token itself never crosses the wire, and the derived
/// key is bound to this protocol version by its `info`, so a key for another purpose or version
/// never equals it.
public struct ControlChannelKey: Sendable, Equatable {
    /// The PSK identity both ends name in the TLS handshake.
    public static let identity = "barrage-control-v\(ProtocolVersion.current)"
    static let salt = Array("barrage control channel".utf8)
    static let info = Array("tls-psk \(identity)".utf8)

    /// The 32 key bytes.
    public let bytes: [UInt8]

    public init(token: String) {
        // Fails only when libcrypto cannot allocate (tokens are bounded by TokenFile): no key to
        // fall back to, and running without one is not an option.
        guard let key = HMACSHA256.deriveKey(inputKeyMaterial: Array(token.utf8), salt: Self.salt, info: Self.info, count: 32) else {
            preconditionFailure("libcrypto failed to derive the control channel key")
        }
        bytes = key
    }
}
