import BarrageCore

/// The shared-token handshake: the agent sends a random challenge in `hello`, the coordinator
/// answers in `auth` with HMAC-SHA256 keyed by the token, and the agent checks it.
///
/// The token itself never crosses the wire, and a fresh challenge per connection means a recorded
/// response cannot be replayed.
public enum ChallengeResponse {
    /// A new challenge: ``ProtocolLimits/challengeBytes`` bytes from the system's secure random
    /// source, as lower-case hex.
    public static func makeChallenge() -> String {
        var generator = SystemRandomNumberGenerator()
        return makeChallenge(using: &generator)
    }

    /// A new challenge from `generator`; tests pass a seeded one.
    public static func makeChallenge(using generator: inout some RandomNumberGenerator) -> String {
        Hex.encode((0..<ProtocolLimits.challengeBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// The `auth` response to `challenge`: lower-case hex of HMAC-SHA256 with the token's UTF-8
    /// bytes as key over the challenge's bytes.
    ///
    /// - Throws: ``ChallengeResponseError/invalidChallenge(_:)`` if `challenge` is not
    ///   ``ProtocolLimits/challengeBytes`` bytes of hex.
    public static func response(challenge: String, token: String) throws(ChallengeResponseError) -> String {
        guard let message = challengeBytes(challenge) else { throw .invalidChallenge(challenge) }
        // Fails only when libcrypto cannot allocate (tokens are bounded by TokenFile).
        guard let code = HMACSHA256.code(key: Array(token.utf8), message: message) else {
            preconditionFailure("libcrypto failed to compute HMAC-SHA256")
        }
        return Hex.encode(code)
    }

    /// Whether `response` is the right answer to `challenge` for `token`.
    ///
    /// The comparison takes the same time wherever the first differing byte is (libcrypto's
    /// `CRYPTO_memcmp`), so timing does not leak how much of a guess was right.
    /// A malformed challenge or response is simply wrong.
    public static func verify(response: String, challenge: String, token: String) -> Bool {
        guard let message = challengeBytes(challenge), let code = Hex.decode(response) else { return false }
        return HMACSHA256.isValid(code, key: Array(token.utf8), message: message)
    }

    private static func challengeBytes(_ challenge: String) -> [UInt8]? {
        guard let bytes = Hex.decode(challenge), bytes.count == ProtocolLimits.challengeBytes else { return nil }
        return bytes
    }
}

/// Why an `auth` response could not be computed.
public enum ChallengeResponseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The agent's challenge is not hex of the expected length.
    case invalidChallenge(String)

    public var description: String {
        switch self {
        case .invalidChallenge(let challenge):
            let shown = challenge.count > 80 ? String(challenge.prefix(80)) + "..." : challenge
            return "invalid challenge '\(shown)' in hello: expected \(ProtocolLimits.challengeBytes * 2) hex digits"
        }
    }
}
