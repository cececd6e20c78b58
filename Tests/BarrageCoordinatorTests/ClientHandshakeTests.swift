import BarrageCore
import BarrageWire
import Testing
@testable import BarrageCoordinator

struct ClientHandshakeTests {
    let endpoint = AgentEndpoint(name: "a1", host: "127.0.0.1", port: 7070)
    let token = "handshake-test-token-0123456789"

    @Test func authenticatesThenSyncsClocks() throws {
        var handshake = ClientHandshake(endpoint: endpoint, token: token, coordinatorName: "test")
        let challenge = ChallengeResponse.makeChallenge()
        guard case .send(.auth(let auth)) = handshake.receive(
            .hello(.init(agentName: "x", challenge: challenge, maxVUs: 10, cores: 2)), nowMicros: 0) else {
            Issue.record("expected auth")
            return
        }
        #expect(ChallengeResponse.verify(response: auth.response, challenge: challenge, token: token))
        guard case .send(.ping(var ping)) = handshake.receive(.authOk(.init()), nowMicros: 1_000) else {
            Issue.record("expected the first ping")
            return
        }
        // The agent's clock runs 7 ms ahead; each round trip takes 200 µs.
        var now: Int64 = 1_000
        for round in 1...AgentClient.clockSyncRounds {
            now += 200
            let step = handshake.receive(.pong(.init(seq: ping.seq, sentMicros: ping.sentMicros, agentMicros: ping.sentMicros + 100 + 7_000)), nowMicros: now)
            if round < AgentClient.clockSyncRounds {
                guard case .send(.ping(let next)) = step else { Issue.record("expected ping \(round + 1)"); return }
                ping = next
            } else {
                guard case .connected(_, let clock) = step else { Issue.record("expected connected"); return }
                #expect(clock.offsetMicros == 7_000)
                #expect(clock.roundTripMicros == 200)
            }
        }
        #expect(handshake.isComplete)
    }

    @Test func versionMismatchFailsWithAnErrorForTheAgent() {
        var handshake = ClientHandshake(endpoint: endpoint, token: token, coordinatorName: "test")
        let step = handshake.receive(.hello(.init(version: 99, agentName: "x", challenge: "00", maxVUs: 1, cores: 1)), nowMicros: 0)
        guard case .fail(let error, .some(.error(let reply))) = step else { Issue.record("expected failure"); return }
        #expect(reply.kind == .versionMismatch)
        #expect(error.description.contains("version 99"))
    }

    @Test func agentRefusalIsReported() {
        var handshake = ClientHandshake(endpoint: endpoint, token: token, coordinatorName: "test")
        _ = handshake.receive(.hello(.init(agentName: "x", challenge: ChallengeResponse.makeChallenge(), maxVUs: 1, cores: 1)), nowMicros: 0)
        let step = handshake.receive(.error(.init(kind: .authFailed, message: "wrong token", fault: .client)), nowMicros: 0)
        guard case .fail(let error, nil) = step else { Issue.record("expected failure"); return }
        #expect(error.description.contains("wrong token"))
    }
}
