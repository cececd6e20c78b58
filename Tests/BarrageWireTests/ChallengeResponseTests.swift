import BarrageCore
import Testing
@testable import BarrageWire

struct ChallengeResponseTests {
    let token = "correct-horse-battery-staple"

    @Test func challengeIsFreshHexOfThirtyTwoBytes() {
        let first = ChallengeResponse.makeChallenge()
        let second = ChallengeResponse.makeChallenge()
        #expect(first.count == 64 && second.count == 64)
        #expect(first.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(first != second)
    }

    @Test func rightTokenVerifies() throws {
        let challenge = ChallengeResponse.makeChallenge()
        let response = try ChallengeResponse.response(challenge: challenge, token: token)
        #expect(response.count == 64)
        #expect(ChallengeResponse.verify(response: response, challenge: challenge, token: token))
        #expect(ChallengeResponse.verify(response: response.uppercased(), challenge: challenge, token: token))
    }

    @Test func wrongTokenChallengeOrResponseFails() throws {
        let challenge = ChallengeResponse.makeChallenge()
        let response = try ChallengeResponse.response(challenge: challenge, token: token)
        #expect(!ChallengeResponse.verify(response: response, challenge: challenge, token: token + "x"))
        #expect(!ChallengeResponse.verify(response: response, challenge: ChallengeResponse.makeChallenge(), token: token))
        let flipped = String(response.dropLast()) + (response.last == "0" ? "1" : "0")
        #expect(!ChallengeResponse.verify(response: flipped, challenge: challenge, token: token))
        #expect(!ChallengeResponse.verify(response: String(response.dropLast(2)), challenge: challenge, token: token))
        #expect(!ChallengeResponse.verify(response: "zz" + response.dropFirst(2), challenge: challenge, token: token))
        #expect(!ChallengeResponse.verify(response: "", challenge: challenge, token: token))
    }

    @Test func matchesAKnownHMAC() throws {
        // HMAC-SHA256(key: "key", message: 32 zero bytes), from Python:
        // hmac.new(b"key", bytes(32), hashlib.sha256).hexdigest()
        let challenge = String(repeating: "00", count: 32)
        let expected = "f7ce443554b62f0a6aa18ca2bdc213a5c4af495cca2adba7ae1cc2979445344f"
        let response = try ChallengeResponse.response(challenge: challenge, token: "key")
        #expect(response == expected)
    }

    @Test(arguments: ["", "abc", String(repeating: "ab", count: 31), String(repeating: "xy", count: 32)])
    func malformedChallengeIsRejected(challenge: String) {
        #expect(throws: ChallengeResponseError.invalidChallenge(challenge)) {
            try ChallengeResponse.response(challenge: challenge, token: token)
        }
        #expect(ChallengeResponseError.invalidChallenge(challenge).description.contains("64 hex digits"))
    }

    @Test func seededChallengesRepeat() {
        var first = SplitMix64(seed: 7)
        var second = SplitMix64(seed: 7)
        #expect(ChallengeResponse.makeChallenge(using: &first) == ChallengeResponse.makeChallenge(using: &second))
    }
}
