import BarrageCore
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
@testable import BarrageWire

/// A scripted peer written in the test: it holds the token (or not) and sends whatever a test
/// wants, frame by frame or as raw bytes inside the TLS channel, to a real `coord agent`.
final class HostileCoordinator: @unchecked Sendable {
    // One test drives it from one task; the lock-free buffer is only touched there.
    private let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var pending: [UInt8] = []

    private init(channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>) throws {
        self.channel = channel
        // Used outside executeThenClose on purpose: a test ends the connection by dropping it or by close().
        iterator = channel.inbound.makeAsyncIterator()
        outbound = channel.outbound
    }

    /// Connects over TLS keyed by `token` (a wrong one fails at the first read).
    static func connect(_ address: String, token: String) async throws -> HostileCoordinator {
        let (host, port) = try split(address)
        let context = try ControlChannelTLS(token: token).clientContext
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: nil))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try HostileCoordinator(channel: channel)
    }

    static func split(_ address: String) throws -> (String, Int) {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
            throw TestFailure("bad address \(address)")
        }
        return (String(address[..<colon]), port)
    }

    /// Reads `hello`, answers `auth` with the right HMAC, expects `auth_ok`.
    func authenticate(token: String) async throws -> Message.Hello {
        guard case .hello(let hello) = try await next() else { throw TestFailure("no hello") }
        let response = try ChallengeResponse.response(challenge: hello.challenge, token: token)
        try await send(.auth(.init(version: ProtocolVersion.current, coordinatorName: "hostile", response: response)))
        let reply = try await next()
        guard case .authOk = reply else { throw TestFailure("no auth_ok but \(reply)") }
        return hello
    }

    func send(_ message: Message) async throws {
        try await sendRaw(try MessageCoding.encode(message))
    }

    func sendRaw(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    /// The next frame, or nil when the connection closed or `timeout` passed.
    func next(timeout: Duration = .seconds(10)) async throws -> Message? {
        guard let line = try await nextLine(timeout: timeout) else { return nil }
        return try MessageCoding.decode(line)
    }

    /// The next `error` or reply that is not a `pong` (pings interleave).
    func nextReply(timeout: Duration = .seconds(10)) async throws -> Message? {
        while let message = try await next(timeout: timeout) {
            if case .pong = message { continue }
            return message
        }
        return nil
    }

    private func nextLine(timeout: Duration) async throws -> [UInt8]? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(pending[..<newline])
                pending.removeFirst(newline + 1)
                return line
            }
            guard ContinuousClock.now < deadline else { return nil }
            let chunk: ByteBuffer?
            do {
                chunk = try await withDeadline(deadline) { [self] in try await self.readChunk() }
            } catch is TimeoutError {
                return nil
            }
            guard let chunk else { return nil }
            pending += Array(chunk.readableBytesView)
        }
    }

    private func readChunk() async throws -> ByteBuffer? {
        try await iterator.next()
    }

    func close() async {
        outbound.finish()
        try? await channel.channel.close()
    }

    deinit {
        outbound.finish()
    }
}

struct TimeoutError: Error {}

/// Runs `body`, giving up at `deadline`.
func withDeadline<T: Sendable>(_ deadline: ContinuousClock.Instant, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(until: deadline)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw TimeoutError() }
        return value
    }
}

/// A real agent that allows only 127.0.0.1, a demo target there and an "evil" one on
/// 127.0.0.2, and a scripted coordinator already authenticated to the agent.
struct AllowListRig {
    let allowed: ChildProcess
    let allowedURL: String
    let evil: ChildProcess
    let evilURL: String
    let agent: ChildProcess
    let peer: HostileCoordinator

    static func start(token: String) async throws -> AllowListRig {
        let (allowed, allowedURL) = try await Fixtures.startTarget()
        let evil = try ChildProcess(["target", "--listen", "127.0.0.2:0", "--threads", "1"])
        let evilURL = try await evil.waitForLine(prefix: "listening on ").trimmingCharacters(in: .whitespaces)
        let (agent, address) = try await Fixtures.startAgent(tokenFile: try Fixtures.tokenFile(token), extra: ["--allow-target", "127.0.0.1"])
        let peer = try await HostileCoordinator.connect(address, token: token)
        _ = try await peer.authenticate(token: token)
        return AllowListRig(allowed: allowed, allowedURL: allowedURL, evil: evil, evilURL: evilURL, agent: agent, peer: peer)
    }
}
