import Testing
@testable import BarrageWire

struct TokenStrengthTests {
    @Test(arguments: [
        // `openssl rand -hex 32`, `openssl rand -base64 32`, `head -c 32 /dev/urandom | base64`.
        "183f88e6b2036a4e21cdf0d3ca73c3419760da6c2ee9a46cb5d6db71ee32e8f2",
        "LloEhs3HqGsY7/D6cWfIRIeg54bJ0vrle+7wQfqRvmM=",
        "2M3Gr1RhbyCPo3ma+5n0txO2/IX7juVC0XMP2aJooHY=",
        // A long passphrase.
        "correct horse battery staple and more words",
    ])
    func randomTokensPass(token: String) {
        #expect(TokenStrength.isStrong(token), "\(TokenStrength.estimatedBits(token)) bits")
    }

    @Test(arguments: [
        String(repeating: "a", count: 16),
        String(repeating: "ab", count: 40),
        "0123456789abcdef",
        String(repeating: "0123456789abcdef", count: 8),
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        // Tiny alphabet: plenty of Shannon bits, too few distinct characters.
        "101000100001100010000100001100100010000111111100001111100101011001111100110011111011001001001110011101111100000000101100111001111101100001001000001000101111001111100011100010010110101000100110011101111000010101011001010110111000000101100000010001010111001110001000001001100001001001101110101010111001",
        // `openssl rand -hex 16`: 128 random bits, under the estimate's margin.
        "5c29aaf51779073af3790389bf529831",
        "integration-test-token-0123456789",
    ])
    func guessableTokensFail(token: String) {
        #expect(!TokenStrength.isStrong(token), "\(TokenStrength.estimatedBits(token)) bits")
    }

    @Test func repeatingUnitsAndEntropy() {
        #expect(Array(TokenStrength.shortestRepeatingUnit(Array("abcabcab"))) == Array("abc"))
        #expect(Array(TokenStrength.shortestRepeatingUnit(Array("abcd"))) == Array("abcd"))
        #expect(Array(TokenStrength.shortestRepeatingUnit([Character]())) == [])
        #expect(TokenStrength.entropy(Array("aabb")) == 1)
        #expect(TokenStrength.entropy(Array("a")) == 0)
        #expect(TokenStrength.estimatedBits("0123456789abcdef") < 10)
    }
}
