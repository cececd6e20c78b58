import BarrageCore
import Foundation
import Testing
@testable import BarrageEngine

/// `http.discardResponseBodies`: a body that no check or extraction reads is not decoded (curl's
/// content decoding is off for that request) and not kept; one that a check reads still is.
@Suite(.serialized)
struct DiscardBodiesTests {
    static func spec(_ base: String, path: String, discard: Bool, checks: RequestChecks = RequestChecks(), iterations: Int = 3) -> RunSpec {
        var spec = RedirectHopTests.spec(base + path, iterations: iterations, checks: checks)
        spec.session?.http.compression = true
        spec.session?.http.discardResponseBodies = discard
        return spec
    }

    @Test func dataReceivedIsWireBytesEitherWay() async throws {
        let server = try RedirectServer()
        defer { server.stop() }
        let kept = try await RedirectHopTests.run(Self.spec(server.base, path: "/deflate", discard: false))
        let discarded = try await RedirectHopTests.run(Self.spec(server.base, path: "/deflate", discard: true))
        #expect(server.hits.allSatisfy { $0.headers["accept-encoding"]?.contains("deflate") == true })
        let wire = UInt64(RedirectServer.deflated.count)
        #expect(kept.counters.dataReceivedBytes == discarded.counters.dataReceivedBytes)
        #expect(kept.counters.dataReceivedBytes >= 3 * wire && kept.counters.dataReceivedBytes < 3 * (wire + 512),
                "3 x (\(wire) compressed bytes + headers), not the \(RedirectServer.text.count)-byte text: \(kept.counters.dataReceivedBytes)")
        #expect(kept.counters.httpReqFailed == 0 && discarded.counters.httpReqFailed == 0)
    }

    /// curl fails a body it cannot decode (CURLE_BAD_CONTENT_ENCODING): seen without the option,
    /// not with it, which shows the body is no longer decoded.
    @Test func aBodyNothingReadsIsNotDecoded() async throws {
        let server = try RedirectServer()
        defer { server.stop() }
        let decoded = try await RedirectHopTests.run(Self.spec(server.base, path: "/bad-deflate", discard: false))
        #expect(decoded.counters.httpReqFailed == 3, "decoding garbage fails the transfer")
        let discarded = try await RedirectHopTests.run(Self.spec(server.base, path: "/bad-deflate", discard: true))
        #expect(discarded.counters.httpReqFailed == 0, "not decoded, so nothing fails")
        #expect(discarded.counters.checksPassed == 3)
    }

    /// A `bodyContains` check still sees the decoded body with the option (k6's checks would see
    /// none; Barrage does not fail them silently).
    @Test func aCheckStillSeesTheDecodedBody() async throws {
        let server = try RedirectServer()
        defer { server.stop() }
        let checks = RequestChecks(bodyContains: ["body barrage redirect body"])
        let total = try await RedirectHopTests.run(Self.spec(server.base, path: "/deflate", discard: true, checks: checks))
        #expect(total.counters.checksPassed == 6 && total.counters.checksFailed == 0, "status + body, 3 times")
        let bad = try await RedirectHopTests.run(Self.spec(server.base, path: "/bad-deflate", discard: true, checks: RequestChecks(bodyContains: ["x"])))
        #expect(bad.counters.httpReqFailed == 3, "a checked body is decoded, so the bad one fails")
    }
}
