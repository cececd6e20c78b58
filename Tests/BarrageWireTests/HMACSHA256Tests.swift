import Testing
@testable import BarrageWire

/// HMAC-SHA256 and HKDF-SHA256 over libcrypto, against the RFCs' vectors and the key swift-crypto
/// derived before (agents built then must still connect).
struct HMACSHA256Tests {
    static func bytes(_ hex: String) -> [UInt8] { Hex.decode(hex) ?? [] }

    /// RFC 4231, test cases 1, 2 and 6 (a key longer than SHA-256's block, hashed first).
    @Test func matchesRFC4231() {
        #expect(HMACSHA256.code(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8))
            == Self.bytes("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"))
        #expect(HMACSHA256.code(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
            == Self.bytes("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"))
        #expect(HMACSHA256.code(key: [UInt8](repeating: 0xaa, count: 131), message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
            == Self.bytes("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"))
    }

    /// RFC 5869, test cases 1, 2 (three blocks) and 3 (SHA-256).
    @Test func matchesRFC5869() {
        let ikm = [UInt8](repeating: 0x0b, count: 22)
        #expect(HMACSHA256.deriveKey(inputKeyMaterial: ikm, salt: Array(0...12), info: Array(0xf0...0xf9), count: 42)
            == Self.bytes("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"))
        #expect(HMACSHA256.deriveKey(inputKeyMaterial: Array(0x00...0x4f), salt: Array(0x60...0xaf), info: Array(0xb0...0xff), count: 82)
            == Self.bytes("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"))
        #expect(HMACSHA256.deriveKey(inputKeyMaterial: ikm, salt: [], info: [], count: 42)
            == Self.bytes("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"))
        #expect(HMACSHA256.deriveKey(inputKeyMaterial: ikm, salt: [], info: [], count: 0) == nil)
        #expect(HMACSHA256.deriveKey(inputKeyMaterial: ikm, salt: [], info: [], count: 255 * 32 + 1) == nil)
    }

    @Test func validityNeedsTheWholeCode() throws {
        let code = try #require(HMACSHA256.code(key: [1, 2, 3], message: [4, 5]))
        #expect(HMACSHA256.isValid(code, key: [1, 2, 3], message: [4, 5]))
        #expect(!HMACSHA256.isValid(Array(code.dropLast()), key: [1, 2, 3], message: [4, 5]))
        #expect(!HMACSHA256.isValid(code + [0], key: [1, 2, 3], message: [4, 5]))
        #expect(!HMACSHA256.isValid(code, key: [1, 2, 3], message: [4, 6]))
        var flipped = code
        flipped[31] ^= 1
        #expect(!HMACSHA256.isValid(flipped, key: [1, 2, 3], message: [4, 5]))
    }

    /// The key of protocol v4 for one token, as swift-crypto's HKDF derived it before (and Python's
    /// `hmac`, by RFC 5869): the same bytes, so agents of either build talk to each other. The
    /// salt and info are spelled out, so a protocol version bump does not hide a change here.
    @Test func theControlChannelKeyIsWhatSwiftCryptoDerived() {
        let token = Array("correct-horse-battery-staple".utf8)
        #expect(ControlChannelKey.salt == Array("barrage control channel".utf8))
        #expect(ControlChannelKey.info == Array("tls-psk \(ControlChannelKey.identity)".utf8))
        #expect(HMACSHA256.deriveKey(
            inputKeyMaterial: token, salt: Array("barrage control channel".utf8), info: Array("tls-psk barrage-control-v4".utf8), count: 32)
            == Self.bytes("f7bba366f94a1bc6ad6d4b935b56532e4dfa5986fa559b85bdee6aa56b025ce2"))
        #expect(ControlChannelKey(token: "correct-horse-battery-staple").bytes
            == HMACSHA256.deriveKey(inputKeyMaterial: token, salt: ControlChannelKey.salt, info: ControlChannelKey.info, count: 32))
    }

    /// The token handshake's answer for one challenge, as swift-crypto's HMAC computed it (and
    /// Python's `hmac`).
    @Test func theChallengeResponseIsWhatSwiftCryptoComputed() throws {
        let challenge = String(repeating: "0123456789abcdef", count: 4)
        let response = try ChallengeResponse.response(challenge: challenge, token: "correct-horse-battery-staple")
        #expect(response == "ab7a6e5df213269f1152ff5c22c9666c153a79454d2ce189c245434246c2cbee")
        #expect(ChallengeResponse.verify(response: response, challenge: challenge, token: "correct-horse-battery-staple"))
        #expect(!ChallengeResponse.verify(response: response, challenge: challenge, token: "correct-horse-battery-stapler"))
    }
}
