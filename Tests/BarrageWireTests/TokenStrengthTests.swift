import BarrageCore
import Testing
@testable import BarrageWire

struct TokenStrengthTests {
    @Test(arguments: [
        // `openssl rand -hex 32`, `openssl rand -base64 32`, `head -c 32 /dev/urandom | base64`.
        "183f88e6b2036a4e21cdf0d3ca73c3419760da6c2ee9a46cb5d6db71ee32e8f2",
        "LloEhs3HqGsY7/D6cWfIRIeg54bJ0vrle+7wQfqRvmM=",
        "2M3Gr1RhbyCPo3ma+5n0txO2/IX7juVC0XMP2aJooHY=",
        // Every token the tests put in token files: words around 16+ random hex digits.
        "an-intruders-token-6f2d9a1c84b7e350",
        "hostile-agent-token-5d0c8e7b21a94f36",
        "relay-test-token-3e8b7f1a92c54d06",
        "robustness-token-7c1e5a90b3d24f68",
        "hostile-tests-token-0f3a9c21d87e4b56a0c3",
        "agents-token-Qm7Vx2Lp9Rt4Wz8Kc3Nf6Hb1Jd5Gs0Ye",
        "other-token-Xa4Tn8Bq1Mv6Pc3Lw9Ez2Rk7Uh5Dy0Sj",
        "3f9c1e7a5b20d84c6e1f0a9b7d3c5e28f4a6b0c2d8e1f3a5b7c9d0e2f4a6b81c",
        "9d4be1c07a36f5e28b41d0c9e7f3a2156c8e0b4d1f7a3e9c5b2d8f0a6e4c1b73",
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
        // Words: many distinct letters, little randomness (issue #21 item 10).
        "thequickbrownfoxjumpsoverthelazydog",
        "TheQuickBrownFoxJumpsOverTheLazyDog",
        "correct horse battery staple and more words",
        "the-quick-brown-fox-jumps-over-the-lazy-dog-2024",
    ])
    func guessableTokensFail(token: String) {
        #expect(!TokenStrength.isStrong(token), "\(TokenStrength.estimatedBits(token)) bits")
    }

    @Test func wordsCountLittleAndRandomLettersCountFully() {
        #expect(TokenStrength.bitsBesidesWords("thequickbrownfoxjumpsoverthelazydog") < TokenStrength.minimumBitsBesidesWords)
        #expect(TokenStrength.readsLikeWords("intruders") && TokenStrength.readsLikeWords("Hostile"))
        #expect(!TokenStrength.readsLikeWords("qmvxlpzkwj"))
        // Random lower-case letters rarely read like words (seeded, so a failure reproduces).
        var generator = SplitMix64(seed: 21)
        var wordLike = 0
        for _ in 0..<1000 {
            let run = String((0..<20).map { _ in Character(Unicode.Scalar(UInt8(97 + generator.next() % 26))) })
            if TokenStrength.readsLikeWords(run) { wordLike += 1 }
        }
        #expect(wordLike < 100, "\(wordLike) of 1000 random runs read like words (seed 21)")
    }

    /// What `coord init` and `openssl rand -hex 32` / `-base64 32` write is always accepted.
    @Test func randomHexAndBase64TokensAreAlwaysAccepted() {
        var generator = SplitMix64(seed: 2110)
        let hex = Array("0123456789abcdef")
        let base64 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        for _ in 0..<2000 {
            let hexToken = String((0..<64).map { _ in hex[Int(generator.next() % 16)] })
            let base64Token = String((0..<43).map { _ in base64[Int(generator.next() % 64)] }) + "="
            #expect(TokenStrength.isStrong(hexToken), "\(hexToken) refused (seed 2110)")
            #expect(TokenStrength.isStrong(base64Token), "\(base64Token) refused (seed 2110)")
        }
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
