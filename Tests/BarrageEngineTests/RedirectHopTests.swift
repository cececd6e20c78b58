import BarrageCore
import BarrageTestSupport
import Foundation
import Synchronization
import Testing
@testable import BarrageEngine

/// Redirects followed by the engine hop by hop (k6's way), against ``RedirectServer`` on loopback:
/// each hop a request in every metric under the request's name, method rules, the cap, the
/// allow-list on every hop, cookies from intermediate hops, and credentials kept to their host.
@Suite(.serialized, .tags(.timing))
struct RedirectHopTests {
    static func spec(_ url: String, iterations: Int = 1, method: String = "GET", body: String? = nil, headers: [HTTPHeader] = [],
                     checks: RequestChecks = RequestChecks(), maxRedirects: Int = 10, cookies: SessionSpec.CookieMode = .perIteration) -> RunSpec {
        var spec = RunSpec(url: url, executor: .perVUIterations(vus: 1, iterations: iterations, maxDurationMicros: 20_000_000), threads: 1)
        spec.recordPhases = true
        spec.requests = [RequestSpec(name: "hop", method: method, url: url, headers: headers, body: body, checks: checks)]
        spec.session = SessionSpec(cookies: cookies, http: HTTPOptions(maxRedirects: maxRedirects))
        return spec
    }

    static func run(_ spec: RunSpec, policy: ConnectPolicy? = nil) async throws -> MetricsSnapshot {
        let engine = try Engine(spec: spec, connectPolicy: policy)
        engine.start()
        var total = MetricsSnapshot.empty()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
            let interval = engine.collect()
            total.merge(interval.metrics)
            if interval.finished { return total }
        }
        throw EngineTestFailure("the run did not finish within 20 s")
    }

    /// Requests per `method`/`status` series of request `hop`.
    static func byStatus(_ total: MetricsSnapshot) -> [String: UInt64] {
        var counts: [String: UInt64] = [:]
        for (key, value) in total.series where key.name == "hop" { counts["\(key.method) \(key.status)", default: 0] += value.counters.httpReqs }
        return counts
    }

    @Test func aTwoHopChainIsThreeRequestsEachWithItsStatusAndDuration() async throws {
        let server = try RedirectServer()
        defer { server.stop() }
        let total = try await Self.run(Self.spec(server.base + "/chain/2", iterations: 2))
        #expect(total.counters.httpReqs == 6, "2 iterations x (2 hops + the 200)")
        #expect(Self.byStatus(total) == ["GET 302": 4, "GET 200": 2])
        #expect(total.counters.httpReqFailed == 0)
        #expect(total.histogram(.httpReqDuration).totalCount == 6)
        #expect(total.histogram(.httpReqWaiting).totalCount == 6)
        #expect(total.histogram(.httpReqConnecting).totalCount == 6)
        #expect(total.series[SeriesKey(name: "hop", method: "GET", status: 302)]?.histogram(.httpReqDuration).totalCount == 4)
        // Checks see the final response only: one status check per iteration, passed.
        #expect(total.counters.checksPassed == 2 && total.counters.checksFailed == 0)
        #expect(total.counters.iterations == 2)
        #expect(server.hits.map(\.path) == ["/chain/2", "/chain/1", "/chain/0", "/chain/2", "/chain/1", "/chain/0"])
    }

    @Test func theHopAfterMaxRedirectsIsTheFinalResponse() async throws {
        let server = try RedirectServer()
        defer { server.stop() }
        let capped = try await Self.run(Self.spec(server.base + "/chain/5", checks: RequestChecks(statuses: [302]), maxRedirects: 2))
        #expect(capped.counters.httpReqs == 3, "the request and 2 hops; the third 302 is final")
        #expect(Self.byStatus(capped) == ["GET 302": 3])
        #expect(capped.counters.checksPassed == 1, "the status check sees the last 302")
        #expect(capped.counters.httpReqFailed == 0)
        #expect(server.hits.count == 3)

        let none = try await Self.run(Self.spec(server.base + "/chain/5", maxRedirects: 0))
        #expect(none.counters.httpReqs == 1 && Self.byStatus(none) == ["GET 302": 1])
        #expect(none.counters.checksFailed == 1, "a 302 is not a 2xx")
        #expect(server.hits.count == 4)
    }

    @Test(arguments: [
        (303, "POST", "GET 0"), (301, "POST", "GET 0"), (302, "POST", "GET 0"),
        (307, "POST", "POST 9"), (308, "POST", "POST 9"), (303, "PUT", "GET 0"), (302, "PUT", "PUT 9"),
    ])
    func theMethodFollowsBrowsersAndCurl(status: Int, method: String, landed: String) async throws {
        let server = try RedirectServer()
        defer { server.stop() }
        let total = try await Self.run(Self.spec(server.base + "/status/\(status)", method: method, body: "user=ann&", checks: RequestChecks(bodyContains: ["landed " + landed])))
        let hits = server.hits
        #expect(hits.count == 2)
        #expect(hits.first.map { "\($0.method) \($0.bodyBytes)" } == "\(method) 9")
        #expect(hits.last.map { "\($0.method) \($0.bodyBytes)" } == landed)
        #expect(total.counters.checksFailed == 0, "the final body says \(landed)")
        // The hop sent as GET is tagged GET; the first transfer keeps the request's method.
        let finalMethod = landed.split(separator: " ")[0]
        #expect(Self.byStatus(total) == ["\(method) \(status)": 1, "\(finalMethod) 200": 1])
    }

    /// The request's timeout covers the whole chain (k6's): 5 hops of 300 ms under a 1 s timeout
    /// end in a timeout, where each hop alone would have been in time.
    @Test func theTimeoutCoversTheWholeChain() async throws {
        let server = try RedirectServer()
        defer { server.stop() }
        var spec = Self.spec(server.base + "/slow-chain/5")
        spec.timeoutMicros = 1_000_000
        let total = try await Self.run(spec)
        #expect(total.counters.errors[.timeout] == 1, "\(total.counters)")
        // A timeout per hop would have let all 6 hops of 300 ms through: the one timeout is the
        // whole chain's (counted, not timed).
        #expect(total.counters.httpReqs < 6 && total.counters.httpReqFailed == 1)
        // Each request gets the whole timeout again: a chain of 2 x 300 ms under 700 ms leaves
        // 100 ms for its last hop, and the next iteration's first 300 ms hop is still in time.
        var again = Self.spec(server.base + "/slow-chain/2", iterations: 2)
        again.timeoutMicros = 700_000
        let twice = try await Self.run(again)
        #expect(twice.counters.httpReqs == 6 && twice.counters.httpReqFailed == 0, "\(twice.counters)")
    }

    @Test func aCookieSetByAHopIsSentOnTheNext() async throws {
        let server = try RedirectServer()
        defer { server.stop() }
        let total = try await Self.run(Self.spec(server.base + "/cookie-hop", iterations: 2))
        #expect(Self.byStatus(total) == ["GET 302": 2, "GET 200": 2], "the jar (curl's) kept hop=yes")
        let off = try await Self.run(Self.spec(server.base + "/cookie-hop", cookies: .off))
        #expect(Self.byStatus(off) == ["GET 302": 1, "GET 401": 1])
    }

    @Test func aHopOutsideTheAllowListIsNotSent() async throws {
        let server = try RedirectServer()
        let elsewhere = try RedirectServer(host: "127.0.0.2")
        defer { server.stop(); elsewhere.stop() }
        let loopback = try #require(IPAddress("127.0.0.1").flatMap { IPNetwork(address: $0, prefixLength: 32) })
        let refusals = RefusalLog()
        let policy = ConnectPolicy(rules: [ConnectRule(network: loopback, port: server.port)]) { refusals.add($0) }
        let total = try await Self.run(Self.spec(server.base + "/away?to=\(elsewhere.base)/landing", iterations: 3), policy: policy)
        #expect(elsewhere.hits.isEmpty, "a hop reached a host outside the allow-list")
        #expect(server.hits.count == 3)
        #expect(Self.byStatus(total) == ["GET 302": 3, "GET 0": 3])
        #expect(total.counters.httpReqFailed == 3 && total.counters.checksFailed == 3)
        #expect(policy.refusedConnections == 3)
        #expect(refusals.first == "127.0.0.2:\(elsewhere.port)")
        // An allowed host name passes by name (a rule resolved from an allow-list host entry).
        let named = ConnectPolicy(rules: [ConnectRule(network: loopback, port: nil, hostName: "localhost")])
        #expect(named.allows(host: "localhost", port: 1) && !named.allows(host: "example.test", port: 1))
        #expect(named.allows(host: "127.0.0.1", port: 1) && !named.allows(host: "127.0.0.2", port: 1))
    }

    @Test func aHopToAnotherSchemeIsNotSent() async throws {
        let server = try RedirectServer()
        defer { server.stop() }
        let total = try await Self.run(Self.spec(server.base + "/away?to=file:///etc/passwd"))
        #expect(Self.byStatus(total) == ["GET 302": 1, "GET 0": 1])
        #expect(server.hits.count == 1)
    }

    @Test func credentialsStayWithTheirHost() async throws {
        let server = try RedirectServer()
        let other = try RedirectServer(host: "127.0.0.2")
        defer { server.stop(); other.stop() }
        let headers = [HTTPHeader(name: "Authorization", value: "Bearer secret"), HTTPHeader(name: "X-Trace", value: "t1")]
        _ = try await Self.run(Self.spec(server.base + "/away?to=/chain/0", headers: headers))
        #expect(server.hits.last?.headers["authorization"] == "Bearer secret", "same host: kept")
        _ = try await Self.run(Self.spec(server.base + "/away?to=\(other.base)/landing", headers: headers))
        let hop = try #require(other.hits.first)
        #expect(hop.headers["authorization"] == nil, "another host: dropped")
        #expect(hop.headers["x-trace"] == "t1")
    }
}

/// What a ``ConnectPolicy`` told its owner, collected from the loop's thread.
final class RefusalLog: Sendable {
    private let entries = Mutex<[String]>([])
    func add(_ text: String) { entries.withLock { $0.append(text) } }
    var first: String? { entries.withLock { $0.first } }
}

struct EngineTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
