import BarrageCore
import BarrageTestSupport
import Foundation
import Testing
@testable import BarrageEngine

@Suite(.tags(.timing))
struct EngineTests {
    /// A port nothing listens on: bind an ephemeral port and close it again.
    func closedPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        close(fd)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    func runToEnd(_ engine: Engine) async -> MetricsSnapshot {
        var total = MetricsSnapshot.empty()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            try? await Task.sleep(for: .milliseconds(100))
            let interval = engine.collect()
            total.merge(interval.metrics)
            if interval.finished { break }
        }
        return total
    }

    @Test func unreachableTargetIsCountedByKindNotFatal() async throws {
        let spec = RunSpec(
            url: "http://127.0.0.1:\(closedPort())/", vus: 4, durationMicros: 600_000,
            thinkTime: .fixed(micros: 100_000), threads: 2)
        let engine = try Engine(spec: spec)
        engine.start()
        let total = await runToEnd(engine)
        #expect(total.counters.httpReqs >= 8)
        #expect(total.counters.httpReqFailed == total.counters.httpReqs)
        #expect(total.counters.errors[.connectionRefused] == total.counters.httpReqs)
        #expect(total.counters.checksFailed == total.counters.httpReqs)
        #expect(total.counters.iterations == total.counters.httpReqs)
        // Each iteration includes its 100 ms think time.
        #expect(total.histogram(.iterationDuration).min >= 99_000)
    }

    /// Like ``runToEnd(_:)``, but polls on a thread of its own and returns when it saw the end: the
    /// time is the engine's, not how long Swift's pool (held by CPU-heavy suites in a full unit
    /// run: resumptions came 38-49 s late) took to resume the test.
    func runToEndOnAThread(_ engine: Engine) async -> (total: MetricsSnapshot, finished: Bool, at: Date) {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var total = MetricsSnapshot.empty()
                var finished = false
                let deadline = Date().addingTimeInterval(20)
                while Date() < deadline, !finished {
                    Thread.sleep(forTimeInterval: 0.1)
                    let interval = engine.collect()
                    total.merge(interval.metrics)
                    finished = interval.finished
                }
                continuation.resume(returning: (total, finished, Date()))
            }
        }
    }

    @Test func stopBeforeStartEndsAtOnce() async throws {
        let spec = RunSpec(url: "http://127.0.0.1:\(closedPort())/", vus: 2, durationMicros: 60_000_000, threads: 1)
        let engine = try Engine(spec: spec)
        engine.start(delayMicros: 60_000_000)
        engine.stop(gracefulMicros: 0)
        let started = Date()
        let (total, finished, finishedAt) = await runToEndOnAThread(engine)
        // Well before the 60 s start: the stop ended the wait (generous for a busy test machine).
        #expect(finished)
        #expect(finishedAt.timeIntervalSince(started) < 30)
        #expect(total.counters.httpReqs == 0)
    }

    @Test func rejectsBadURL() {
        #expect(throws: EngineError.self) { try Engine(spec: RunSpec(url: "ftp://x", vus: 1, durationMicros: 1)) }
    }
}
