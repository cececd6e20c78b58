import BarrageCore
import BarrageTarget
import BarrageTestSupport
import Foundation
import Testing
@testable import BarrageEngine

/// Each executor run by the real engine against the in-process demo target, with counts that
/// must come out exact: the target's own counters, and the engine's.
@Suite(.serialized, .tags(.timing))
struct ExecutorRunTests {
    struct Run {
        var total = MetricsSnapshot()
        var maxActive = 0
        var maxAllocated = 0
        var seconds: Double = 0
        var counts = RequestCounts()
    }

    func run(_ spec: (String) -> RunSpec, timeout: TimeInterval = 30) async throws -> Run {
        let target = try await TargetServer.start(host: "127.0.0.1", port: 0, threads: 1)
        var result = Run()
        do {
            let engine = try Engine(spec: spec("http://127.0.0.1:\(target.port)"))
            let began = Date()
            engine.start()
            let deadline = began.addingTimeInterval(timeout)
            while Date() < deadline {
                try? await Task.sleep(for: .milliseconds(50))
                let interval = engine.collect()
                result.total.merge(interval.metrics)
                result.maxActive = max(result.maxActive, interval.activeVUs)
                result.maxAllocated = max(result.maxAllocated, interval.allocatedVUs)
                if interval.finished { break }
            }
            result.seconds = Date().timeIntervalSince(began)
            result.counts = target.requestCounts
        } catch {
            try await target.shutdown()
            throw error
        }
        try await target.shutdown()
        return result
    }

    func spec(_ base: String, executor: ExecutorConfig, requests: [RequestSpec]? = nil, sleep: ThinkTime = .none, threads: Int = 2) -> RunSpec {
        var spec = RunSpec(url: base + "/api/posts/", vus: executor.maxVUs, durationMicros: executor.activeWindowMicros, thinkTime: sleep, threads: threads)
        spec.executor = executor
        spec.requests = requests
        return spec
    }

    @Test func theVUGaugeHoldsBetweenLoopReports() async throws {
        // Loops report once a second; polls in between must still see every loop's VUs.
        let target = try await TargetServer.start(host: "127.0.0.1", port: 0, threads: 1)
        let engine = try Engine(spec: RunSpec(
            url: "http://127.0.0.1:\(target.port)/healthz", vus: 4, durationMicros: 3_000_000, thinkTime: .fixed(micros: 50_000), threads: 2))
        let began = Date()
        engine.start()
        var seen: Set<Int> = []
        while Date().timeIntervalSince(began) < 2.6 {
            try? await Task.sleep(for: .milliseconds(10))
            let interval = engine.collect()
            if Date().timeIntervalSince(began) > 1.3 { seen.insert(interval.activeVUs) }
        }
        engine.stop(gracefulMicros: 0)
        while !engine.collect().finished { try? await Task.sleep(for: .milliseconds(20)) }
        try await target.shutdown()
        #expect(seen == [4])
    }

    @Test func perVUIterationsRunsExactlyVUsTimesIterations() async throws {
        let result = try await run { spec($0, executor: .perVUIterations(vus: 3, iterations: 4, maxDurationMicros: 20_000_000)) }
        #expect(result.total.counters.iterations == 12)
        #expect(result.total.counters.httpReqs == 12)
        #expect(result.counts.posts == 12)
        // At maxDuration it would have taken 20 s.
        #expect(result.seconds < 20, "the run ends when the iterations are done, not at maxDuration")
    }

    @Test func sharedIterationsRunsExactlyTheTotal() async throws {
        let result = try await run { spec($0, executor: .sharedIterations(vus: 4, iterations: 11, maxDurationMicros: 20_000_000)) }
        #expect(result.total.counters.iterations == 11)
        #expect(result.counts.posts == 11)
    }

    @Test func constantArrivalRateStartsExactlyThePlannedIterations() async throws {
        // 40 per second for 2 s: iterations start at 0, 25 ms, ..., 1975 ms: exactly 80.
        let executor = ExecutorConfig.constantArrivalRate(rate: 40, timeUnitMicros: 1_000_000, durationMicros: 2_000_000, preAllocatedVUs: 4, maxVUs: 8)
        let result = try await run { spec($0, executor: executor) }
        let counters = result.total.counters
        #expect(counters.iterations + counters.droppedIterations == 80)
        #expect(counters.droppedIterations == 0)
        #expect(result.counts.posts == 80)
        let corrected = result.total.histogram(.httpReqDurationCorrected)
        #expect(corrected.totalCount == 80)
        // The corrected latency includes any lateness, so it is never below the plain one.
        #expect(corrected.max >= result.total.histogram(.httpReqDuration).max)
    }

    @Test func arrivalRateWithoutFreeVUsDropsIterations() async throws {
        // 20 per second for 2 s, but each iteration holds its only VU for 300 ms.
        let executor = ExecutorConfig.constantArrivalRate(rate: 20, timeUnitMicros: 1_000_000, durationMicros: 2_000_000, preAllocatedVUs: 1, maxVUs: 1)
        let result = try await run { spec($0, executor: executor, sleep: .fixed(micros: 300_000), threads: 1) }
        let counters = result.total.counters
        #expect(counters.iterations + counters.droppedIterations == 40)
        #expect(counters.droppedIterations >= 25)
        #expect(counters.iterations >= 5 && counters.iterations <= 8)
    }

    @Test func aRateFarBeyondTheVUsDropsWithoutStallingTheLoop() async throws {
        // 200 000 iterations per second for 1 s on one busy VU: nearly all are dropped, in bulk,
        // and the run still ends on time.
        let executor = ExecutorConfig.constantArrivalRate(rate: 200_000, timeUnitMicros: 1_000_000, durationMicros: 1_000_000, preAllocatedVUs: 1, maxVUs: 1)
        let result = try await run { spec($0, executor: executor, sleep: .fixed(micros: 300_000), threads: 1) }
        let counters = result.total.counters
        #expect(counters.iterations + counters.droppedIterations == 200_000)
        // The VU still ran its 300 ms iterations through the second of drops: the loop did not stall.
        #expect(counters.iterations >= 3 && counters.iterations <= 5)
        #expect(result.seconds < 20, "took \(result.seconds) s")
    }

    @Test func arrivalRateAddsVUsUpToMaxVUs() async throws {
        // 50 per second, 100 ms per iteration: ~5 busy VUs needed, 1 pre-allocated, up to 10.
        let executor = ExecutorConfig.constantArrivalRate(rate: 50, timeUnitMicros: 1_000_000, durationMicros: 2_000_000, preAllocatedVUs: 1, maxVUs: 10)
        let result = try await run { spec($0, executor: executor, sleep: .fixed(micros: 100_000)) }
        #expect(result.total.counters.iterations == 100)
        #expect(result.total.counters.droppedIterations == 0)
        #expect(result.maxActive > 1 && result.maxActive <= 10)
        #expect(result.maxAllocated >= result.maxActive && result.maxAllocated <= 10)
    }

    @Test func rampingVUsFollowsTheStages() async throws {
        let executor = ExecutorConfig.rampingVUs(
            startVUs: 0,
            stages: [Stage(durationMicros: 1_000_000, target: 10), Stage(durationMicros: 1_500_000, target: 10), Stage(durationMicros: 1_000_000, target: 0)],
            gracefulRampDownMicros: 1_000_000)
        let result = try await run { spec($0, executor: executor, sleep: .fixed(micros: 100_000)) }
        #expect(result.maxActive == 10)
        // Full speed is 10 VUs x ~10 iterations/s for ~1.5 s plus the ramps: well above one VU's worth.
        #expect(result.total.counters.iterations > 150 && result.total.counters.iterations < 350)
        // The stages and gracefulRampDown end by 4.5 s; without an end it would run into the 30 s timeout.
        #expect(result.seconds < 20)
    }

    @Test func rampDownInterruptsIterationsAfterGracefulRampDown() async throws {
        // 4 VUs whose iterations take 5 s (think time); the target drops to 0 at 1.2 s and
        // gracefulRampDown is 500 ms: the VUs are interrupted at ~1.7 s, uncounted, and the run ends
        // with its stages at 3.2 s instead of letting them finish at ~5 s.
        let executor = ExecutorConfig.rampingVUs(
            startVUs: 4,
            stages: [Stage(durationMicros: 1_200_000, target: 4), Stage(durationMicros: 0, target: 0), Stage(durationMicros: 2_000_000, target: 0)],
            gracefulRampDownMicros: 500_000)
        let result = try await run { spec($0, executor: executor, sleep: .fixed(micros: 5_000_000), threads: 1) }
        #expect(result.total.counters.httpReqs == 4)
        #expect(result.total.counters.iterations == 0)
        // Left to finish, the 5 s iterations would have ended at 5 s at the earliest (and counted).
        #expect(result.seconds < 5, "took \(result.seconds) s")
    }

    @Test func multiRequestIterationsWithChecksTagsAndBodies() async throws {
        let result = try await run { base in
            let requests = [
                RequestSpec(name: "health", url: base + "/healthz", checks: RequestChecks(statuses: [200], bodyContains: ["ok"])),
                RequestSpec(
                    name: "feed", url: base + "/api/posts/", headers: [HTTPHeader(name: "Accept", value: "application/json")],
                    checks: RequestChecks(
                        statuses: [200], bodyContains: ["\"author\"", "no such text"],
                        headerEquals: [HTTPHeader(name: "content-type", value: "application/json")],
                        durationBelowMicros: 10_000_000)),
                RequestSpec(
                    name: "create", method: "POST", url: base + "/api/posts/", body: #"{"content":"hello"}"#,
                    checks: RequestChecks(statuses: [201], bodyContains: ["created"])),
                RequestSpec(name: "missing", url: base + "/nope", checks: RequestChecks(statuses: [200])),
            ]
            return spec(base, executor: .perVUIterations(vus: 2, iterations: 3, maxDurationMicros: 20_000_000), requests: requests)
        }
        let metrics = result.total
        #expect(metrics.counters.iterations == 6)
        #expect(metrics.counters.httpReqs == 24)
        #expect(result.counts.healthz == 6 && result.counts.posts == 6 && result.counts.created == 6 && result.counts.other == 6)
        #expect(metrics.checks["health: status is 200"] == CheckTally(passes: 6, fails: 0))
        #expect(metrics.checks["health: body contains \"ok\""] == CheckTally(passes: 6, fails: 0))
        #expect(metrics.checks[#"feed: body contains '"author"'"#] == CheckTally(passes: 6, fails: 0))
        #expect(metrics.checks["feed: body contains \"no such text\""] == CheckTally(passes: 0, fails: 6))
        #expect(metrics.checks["feed: header content-type is \"application/json\""] == CheckTally(passes: 6, fails: 0))
        #expect(metrics.checks["feed: duration < 10s"] == CheckTally(passes: 6, fails: 0))
        #expect(metrics.checks["create: status is 201"] == CheckTally(passes: 6, fails: 0))
        #expect(metrics.checks["create: body contains \"created\""] == CheckTally(passes: 6, fails: 0))
        #expect(metrics.checks["missing: status is 200"] == CheckTally(passes: 0, fails: 6))
        #expect(metrics.counters.checksPassed == 48 && metrics.counters.checksFailed == 12)
        // Every request again under its name/method/status series.
        #expect(metrics.series[SeriesKey(name: "create", method: "POST", status: 201)]?.counters.httpReqs == 6)
        #expect(metrics.series[SeriesKey(name: "missing", method: "GET", status: 404)]?.counters.httpReqFailed == 6)
        #expect(metrics.subMetric([Threshold.Tag(key: "name", value: "feed")])?.histogram(.httpReqDuration).totalCount == 6)
        #expect(metrics.subMetric([Threshold.Tag(key: "status", value: "404")])?.counters.httpReqs == 6)
    }
}
