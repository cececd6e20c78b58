import BarrageResults
import Foundation
import NIOCore
import NIOPosix

/// One HTTP/1.1 POST to an output's endpoint over a connection of its own (`Connection: close`),
/// on NIO: connecting, sending and reading the answer all end by `deadline`, the answer is read
/// by ``OutputResponseReader`` (4 KiB at most, redirects not followed), and waiting costs no CPU.
///
/// URLSession did none of this on Linux: it read a body of any size into memory (a 10 GB answer
/// grew the coordinator by 250 MB/s), followed a 307 to another host with the metrics, and while
/// a server did not answer, its Dispatch write source on the idle, always-writable socket fired
/// in a loop (an `ioctl(TIOCOUTQ)`, a `poll` and two `epoll_ctl` per turn: a core busy waiting).
enum OutputPost {
    /// Where a POST goes: the endpoint as parsed from `--out`, plain http.
    typealias Target = HTTPAddress

    /// POSTs `body` to `target` with `headers`.
    /// - Returns: the endpoint's answer, or why there is none (one line, peer text escaped).
    static func post(
        _ body: [UInt8], to target: Target, headers: [(String, String)], deadline: NIODeadline,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async -> Result<OutputResponse, OutputResponseReader.Failure> {
        guard let request = requestBytes(body, to: target, headers: headers) else {
            return .failure(.closed("the path or a header holds a control character"))
        }
        let loop = group.next()
        let promise = loop.makePromise(of: OutputResponse.self)
        let remaining = deadline - .now()
        guard remaining > .zero else {
            promise.fail(OutputResponseReader.Failure.timedOut)
            return .failure(.timedOut)
        }
        let connected = ClientBootstrap(group: loop)
            .connectTimeout(remaining)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(OutputResponseReader(promise: promise, deadline: deadline))
                }
            }
            .connect(host: target.host, port: target.port)
        connected.whenComplete { result in
            switch result {
            case .success(let channel): channel.writeAndFlush(ByteBuffer(bytes: request), promise: nil)
            // The reader completes its promise when its pipeline is torn down; this covers a
            // channel that never got one (and a second completion is ignored).
            case .failure(let error): promise.fail(OutputResponseReader.Failure.closed("cannot connect: \(describe(error))"))
            }
        }
        return await withTaskCancellationHandler {
            do {
                return .success(try await promise.futureResult.get())
            } catch let failure as OutputResponseReader.Failure {
                return .failure(failure)
            } catch {
                return .failure(.closed("\(error)"))
            }
        } onCancel: {
            // The flush's deadline passed: end this POST now.
            promise.fail(OutputResponseReader.Failure.timedOut)
            connected.whenSuccess { $0.close(promise: nil) }
        }
    }

    /// A connect error as one short line: `connection refused`, not NIO's nested dump.
    static func describe(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError {
            if let first = error.connectionErrors.first { return describe(first.error) }
            if let lookup = error.dnsAAAAError ?? error.dnsAError { return "cannot resolve the host (\(lookup))" }
            return "no address for the host"
        }
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)) }
        if case ChannelError.connectTimeout = error { return "timed out" }
        return "\(error)"
    }

    /// The request's bytes; nil when the path or a header would break the request line or head.
    static func requestBytes(_ body: [UInt8], to target: Target, headers: [(String, String)]) -> [UInt8]? {
        let fields = [("Host", "\(target.hostForURL):\(target.port)"), ("Content-Length", "\(body.count)"), ("Connection", "close")] + headers
        let texts = [target.path] + fields.flatMap { [$0.0, $0.1] }
        guard target.path.hasPrefix("/"), !texts.contains(where: { $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }),
              !target.path.contains(" ")
        else { return nil }
        var head = "POST \(target.path) HTTP/1.1\r\n"
        for (name, value) in fields { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + body
    }
}
