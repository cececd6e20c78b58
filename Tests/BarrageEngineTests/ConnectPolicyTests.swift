import BarrageCore
import BarrageTarget
import BarrageTestSupport
import Foundation
import Synchronization
import Testing
@testable import BarrageEngine

/// The allow-list at connect time: every socket curl opens goes through ``ConnectPolicy``.
@Suite(.tags(.timing))
struct ConnectPolicyTests {
    func run(_ spec: RunSpec, policy: ConnectPolicy?) async throws -> MetricsSnapshot {
        let engine = try Engine(spec: spec, connectPolicy: policy)
        engine.start()
        var total = MetricsSnapshot.empty()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            let interval = engine.collect()
            total.merge(interval.metrics)
            if interval.finished { break }
        }
        return total
    }

    @Test func aConnectionOutsideTheRulesIsRefusedAndOneInsideGoesThrough() async throws {
        let target = try await TargetServer.start(host: "127.0.0.1", port: 0, threads: 1)
        let spec = RunSpec(url: "http://127.0.0.1:\(target.port)/healthz", vus: 2, durationMicros: 500_000, thinkTime: .fixed(micros: 50_000), threads: 1)
        let elsewhere = try #require(IPAddress("127.0.0.2").flatMap { IPNetwork(address: $0, prefixLength: 32) })
        let refusedOnce = Atomic<Int>(0)
        let refusing = ConnectPolicy(rules: [ConnectRule(network: elsewhere, port: nil)]) { _ in refusedOnce.add(1, ordering: .relaxed) }
        let refused = try await run(spec, policy: refusing)
        #expect(refused.counters.httpReqs > 0)
        #expect(refused.counters.httpReqFailed == refused.counters.httpReqs)
        #expect(refusing.refusedConnections >= Int(refused.counters.httpReqs))
        #expect(refusedOnce.load(ordering: .relaxed) == 1)
        #expect(target.requestCounts.total == 0)

        let loopback = try #require(IPAddress("127.0.0.0").flatMap { IPNetwork(address: $0, prefixLength: 8) })
        let allowing = ConnectPolicy(rules: [ConnectRule(network: loopback, port: target.port)])
        let allowed = try await run(spec, policy: allowing)
        #expect(allowed.counters.httpReqs > 0 && allowed.counters.httpReqFailed == 0)
        #expect(allowing.refusedConnections == 0)

        let wrongPort = ConnectPolicy(rules: [ConnectRule(network: loopback, port: 1)])
        let refusedByPort = try await run(spec, policy: wrongPort)
        #expect(refusedByPort.counters.httpReqFailed == refusedByPort.counters.httpReqs)
        try await target.shutdown()
    }

    @Test func curlDecidesTheHostTheAllowListSees() throws {
        #expect(try CurlURL.hostAndPort(of: "http://127.0.0.1:8080/x") == ("127.0.0.1", 8080))
        #expect(try CurlURL.hostAndPort(of: "https://Example.TEST/") == ("example.test", 443))
        #expect(try CurlURL.hostAndPort(of: "http://user@127.0.0.2:81/") == ("127.0.0.2", 81))
        #expect(try CurlURL.hostAndPort(of: "http://[::1]:9/") == ("::1", 9))
        #expect(throws: EngineError.self) { try CurlURL.hostAndPort(of: "http://127.0.0.2:1\u{0}@127.0.0.1:2/") }
        #expect(throws: EngineError.self) { try CurlURL.hostAndPort(of: "gopher://127.0.0.1/") }
        #expect(throws: EngineError.self) { try CurlURL.hostAndPort(of: "not a url") }
    }
}
