import BarrageCore
import BarrageTestSupport
import NIOCore
import NIOPosix
import Testing
@testable import BarrageWire

/// The coordinator relies on this: under the preference, every step of a run (its task, child
/// tasks, code resumed by a frame or a timer from another thread) runs on the one event loop.
/// Three minutes: in a full unit run the CPU-heavy suites hold Swift's pool, and these tests (each
/// well under a second alone) finished at 57 s in CI runs.
@Suite(.timeLimit(.minutes(3)), .tags(.timing))
struct EventLoopTaskExecutorTests {
    @Test func taskChildTasksAndResumptionsRunOnTheLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let executor = EventLoopTaskExecutor(group.next())
        let loop = executor.eventLoop
        let steps = await withTaskExecutorPreference(executor) {
            var steps = [loop.inEventLoop]
            steps += await withTaskGroup(of: Bool.self) { children in
                for _ in 0..<4 { children.addTask { loop.inEventLoop } }
                return await children.reduce(into: []) { $0.append($1) }
            }
            // Resumed from a thread of Swift's pool, then from a timer of the other loop.
            let (stream, sink) = AsyncStream.makeStream(of: Int.self)
            Task.detached { sink.yield(1) }
            _ = group.next().scheduleTask(in: .milliseconds(20)) { sink.yield(2) }
            var seen = 0
            for await _ in stream {
                steps.append(loop.inEventLoop)
                seen += 1
                if seen == 2 { break }
            }
            try? await Task.sleep(for: .milliseconds(10))
            steps.append(loop.inEventLoop)
            return steps
        }
        #expect(steps.count == 8)
        #expect(steps.allSatisfy { $0 })
        // Without the preference the same code runs on Swift's pool, not on the loop.
        #expect(!loop.inEventLoop)
        try await group.shutdownGracefully()
    }

    /// A connection dialed on the executor's loop: what it reads resumes the reader on that loop.
    @Test func aConnectionDialedOnTheLoopIsReadOnIt() async throws {
        let tls = try ControlChannelTLS(token: "loopback-test-token-0123456789")
        let server = try await WireChannel.bind(host: "127.0.0.1", port: 0, tls: tls)
        let port = try #require(WireChannel.port(of: server))
        let executor = EventLoopTaskExecutor.next()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        try await connection.channel.executeThenClose { inbound, outbound in
                            for seq in UInt64(1)...3 { try await outbound.write(.pong(.init(seq: seq, sentMicros: 0, agentMicros: 0))) }
                            // The client closes first: a server that closed right after writing
                            // raced the client's reads (a reset lost the pongs now and then).
                            for try await _ in inbound {}
                        }
                        return
                    }
                }
            }
            let onLoop = try await withTaskExecutorPreference(executor) {
                let connection = try await WireChannel.connect(
                    host: "127.0.0.1", port: port, tls: tls, timeout: .seconds(5), group: executor.eventLoop)
                #expect(connection.channel.channel.eventLoop === executor.eventLoop)
                return try await connection.channel.executeThenClose { inbound, _ in
                    var onLoop: [Bool] = []
                    for try await message in inbound {
                        guard case .pong = message else { continue }
                        onLoop.append(executor.eventLoop.inEventLoop)
                        if onLoop.count == 3 { break }
                    }
                    return onLoop
                }
            }
            #expect(onLoop == [true, true, true])
            try await group.waitForAll()
        }
    }
}
