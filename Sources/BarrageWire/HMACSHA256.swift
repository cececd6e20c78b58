import COpenSSL

/// HMAC-SHA256 (RFC 2104) and HKDF-SHA256 (RFC 5869) over the system's libcrypto, for the token
/// handshake (``ChallengeResponse``) and the control channel's key (``ControlChannelKey``).
///
/// libcrypto is already in the process (libcurl links it); this takes the place of swift-crypto,
/// whose own copy of BoringSSL was a third of a clean build for these two functions.
enum HMACSHA256 {
    /// SHA-256's output length.
    static let byteCount = 32

    /// The authentication code of `message` under `key`; nil only when libcrypto fails (out of
    /// memory) or the key is over 2 GiB (tokens are a few hundred bytes at most).
    static func code(key: [UInt8], message: [UInt8]) -> [UInt8]? {
        guard key.count <= Int32.max else { return nil }
        var code = [UInt8](repeating: 0, count: byteCount)
        var length: UInt32 = 0
        let done = key.withUnsafeBytes { key in
            message.withUnsafeBufferPointer { message in
                code.withUnsafeMutableBufferPointer { code in
                    HMAC(EVP_sha256(), key.baseAddress, Int32(key.count), message.baseAddress, message.count, code.baseAddress, &length)
                }
            }
        }
        guard done != nil, length == UInt32(byteCount) else { return nil }
        return code
    }

    /// Whether `code` is `message`'s code under `key`, in time that does not depend on where the
    /// first differing byte is.
    static func isValid(_ code: [UInt8], key: [UInt8], message: [UInt8]) -> Bool {
        guard code.count == byteCount, let expected = self.code(key: key, message: message) else { return false }
        return code.withUnsafeBytes { code in
            expected.withUnsafeBytes { expected in CRYPTO_memcmp(code.baseAddress, expected.baseAddress, byteCount) == 0 }
        }
    }

    /// HKDF-SHA256: extract with `salt`, expand with `info` to `count` bytes (1...255 x 32).
    static func deriveKey(inputKeyMaterial: [UInt8], salt: [UInt8], info: [UInt8], count: Int) -> [UInt8]? {
        guard (1...255 * byteCount).contains(count), let pseudoRandomKey = code(key: salt, message: inputKeyMaterial) else {
            return nil
        }
        var output: [UInt8] = []
        var block: [UInt8] = []
        var counter: UInt8 = 1
        while output.count < count {
            guard let next = code(key: pseudoRandomKey, message: block + info + [counter]) else { return nil }
            block = next
            output += block
            counter &+= 1
        }
        return Array(output.prefix(count))
    }
}
