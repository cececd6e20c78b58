import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A real HTTP endpoint on a loopback port that answers the way a hostile or broken metrics
/// server would, for the outputs' tests: every connection gets the same treatment.
final class HostileHTTPServer: Sendable {
    enum Behaviour: Sendable {
        /// `status`, then a body that never ends (a 10 GB `Content-Length`, 64 KiB chunks as
        /// fast as the client reads them).
        case endlessBody(status: Int)
        /// `307` to `location` (another host).
        case redirect(location: String)
        /// Accepts, reads and never answers.
        case silent
        /// `204` at once: a healthy endpoint, counting what it received.
        case healthy
        /// `200` to every request of a keep-alive connection, each with `count` Set-Cookie headers
        /// of cookies never set before, `bytes` of name and value each (a jar that would grow for ever).
        case newCookies(count: Int, bytes: Int)
    }

    /// What the server saw and did, shared with its connections' handlers.
    final class Tally: Sendable {
        /// Requests whose head arrived, by their first line.
        let requests = Mutex<[String]>([])
        /// Body bytes written back.
        let bytesSent = Atomic<Int>(0)
        /// Cookies set so far (their names are numbered).
        let cookiesSet = Atomic<Int>(0)
    }

    let port: Int
    private let tally = Tally()
    private let channel: any Channel

    var requests: [String] { tally.requests.withLock { $0 } }
    var bytesSent: Int { tally.bytesSent.load(ordering: .relaxed) }
    var cookiesSet: Int { tally.cookiesSet.load(ordering: .relaxed) }

    init(_ behaviour: Behaviour, host: String = "127.0.0.1") async throws {
        let tally = self.tally
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(behaviour: behaviour, tally: tally))
                }
            }
            .bind(host: host, port: 0).get()
        guard let port = channel.localAddress?.port else { throw TestFailure("no port") }
        self.port = port
    }

    func stop() async {
        try? await channel.close()
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let behaviour: Behaviour
        let tally: Tally
        var head: [UInt8] = []
        var answered = false

        init(behaviour: Behaviour, tally: Tally) {
            self.behaviour = behaviour
            self.tally = tally
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if case .newCookies(let count, let bytes) = behaviour {
                answerEach(context, data: data, cookies: count, bytes: bytes)
                return
            }
            guard !answered else { return }
            head += unwrapInboundIn(data).readableBytesView.prefix(8192)
            guard let end = head.firstRange(of: Array("\r\n\r\n".utf8)) else { return }
            answered = true
            let firstLine = String(decoding: head[..<end.lowerBound].split(separator: 0x0D).first ?? [], as: UTF8.self)
            tally.requests.withLock { $0.append(firstLine) }
            switch behaviour {
            case .endlessBody(let status):
                write(context, "HTTP/1.1 \(status) Whatever\r\nContent-Length: 10000000000\r\n\r\n")
                writeForever(context)
            case .redirect(let location):
                write(context, "HTTP/1.1 307 Temporary Redirect\r\nLocation: \(location)\r\nContent-Length: 0\r\n\r\n")
            case .silent:
                break
            case .healthy:
                write(context, "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
            case .newCookies:
                break  // answered by answerEach
            }
        }

        /// Answers every request head of the connection (GETs: no bodies) with new cookies.
        private func answerEach(_ context: ChannelHandlerContext, data: NIOAny, cookies: Int, bytes: Int) {
            head += unwrapInboundIn(data).readableBytesView
            while let end = head.firstRange(of: Array("\r\n\r\n".utf8)) {
                head.removeSubrange(..<end.upperBound)
                let first = tally.cookiesSet.wrappingAdd(cookies, ordering: .relaxed).oldValue
                var response = ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n")
                response.reserveCapacity(minimumWritableBytes: cookies * (bytes + 16) + 8)
                for number in first..<(first + cookies) {
                    let name = "c\(number)"
                    response.writeString("Set-Cookie: \(name)=")
                    response.writeRepeatingByte(UInt8(ascii: "v"), count: max(bytes - name.utf8.count, 1))
                    response.writeString("\r\n")
                }
                response.writeString("\r\nok")
                context.writeAndFlush(wrapOutboundOut(response), promise: nil)
            }
            if head.count > 1 << 20 { context.close(promise: nil) }
        }

        private func write(_ context: ChannelHandlerContext, _ text: String) {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
        }

        /// One 64 KiB chunk after another, each once the last left: the server's memory stays flat.
        private func writeForever(_ context: ChannelHandlerContext) {
            let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 65536)
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(chunk)).whenSuccess {
                let (handler, context) = loopBound.value
                handler.tally.bytesSent.add(65536, ordering: .relaxed)
                handler.writeForever(context)
            }
        }
    }
}
