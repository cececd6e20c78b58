import NIOCore
import NIOHTTP1

/// Answers the requests of one HTTP/1.1 connection: the feed, `/healthz`, `/stats`, 404 and 405.
///
/// It sits after NIO's `configureHTTPServerPipeline` (encoder, decoder, pipelining assistance,
/// 400 on parse errors). It is a plain channel handler rather than async code over `NIOAsyncChannel`
/// because every request is answered from memory: staying on the event loop avoids a task hop per
/// request, which matters at thousands of requests per second on two cores.
///
/// Per request it writes head, body and end with a single flush, and counts the response in
/// ``RequestCounters`` as it writes it. Request bodies are read and dropped. After a response to a
/// request that did not ask for keep-alive (`Connection: close`, or HTTP/1.0 without keep-alive), it
/// closes the connection once the response is written.
///
/// Not `Sendable`: it lives on its channel's event loop only.
final class TargetRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// What the handler remembers from a request head until the request's end arrives.
    private struct PendingRequest {
        var route: Route
        var isGET: Bool
        var isPOST: Bool
        var version: HTTPVersion
        var keepAlive: Bool
    }

    private let responses: CannedResponses
    private let counters: RequestCounters
    private let feedDelay: TimeAmount
    private var pending: PendingRequest?

    /// - Parameters:
    ///   - responses: the server's prebuilt responses.
    ///   - counters: the server's shared counters.
    ///   - feedDelay: how long the feed waits before it is written (a timer on the event loop,
    ///     never a blocked thread).
    init(responses: CannedResponses, counters: RequestCounters, feedDelay: TimeAmount = .zero) {
        self.responses = responses
        self.counters = counters
        self.feedDelay = feedDelay
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            pending = PendingRequest(route: Route(uri: head.uri), isGET: head.method == .GET, isPOST: head.method == .POST,
                                     version: head.version, keepAlive: head.isKeepAlive)
        case .body:
            break
        case .end:
            // Answer only once the whole request is read, so a request body never runs into the next request.
            guard let request = pending else { return }
            pending = nil
            respond(to: request, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Resets and other I/O errors end the connection; parse errors were answered with 400 upstream.
        context.close(promise: nil)
    }

    private func respond(to request: PendingRequest, context: ChannelHandlerContext) {
        let route: Route
        let head: HTTPResponseHead
        let body: ByteBuffer
        switch (request.route, request.isGET) {
        case (.other, _), (.created, _):
            route = .other
            (head, body) = canned(responses.notFound, request)
        case (.posts, false) where request.isPOST:
            route = .created
            (head, body) = canned(responses.created, request)
        case (_, false):
            route = .other
            (head, body) = canned(responses.methodNotAllowed, request)
        case (.posts, true):
            route = .posts
            (head, body) = canned(responses.feed, request)
        case (.healthz, true):
            route = .healthz
            (head, body) = canned(responses.healthz, request)
        case (.stats, true):
            // Counted before the snapshot, so /stats includes the request reading it.
            counters.record(.stats)
            let json = counters.snapshot().json
            let statsBody = context.channel.allocator.buffer(string: json)
            var statsHead = CannedResponse.head(status: .ok, contentType: "application/json",
                                                contentLength: statsBody.readableBytes, keepAlive: request.keepAlive)
            if request.keepAlive, request.version == .http1_0 {
                statsHead.headers.add(name: "Connection", value: "keep-alive")
            }
            write(head: statsHead, body: statsBody, keepAlive: request.keepAlive, context: context)
            return
        }
        guard route == .posts, feedDelay > .zero else {
            counters.record(route)
            write(head: head, body: body, keepAlive: request.keepAlive, context: context)
            return
        }
        let keepAlive = request.keepAlive
        context.eventLoop.assumeIsolated().scheduleTask(in: feedDelay) {
            // Counted when written, so /stats never counts a response the client has not got.
            self.counters.record(route)
            self.write(head: head, body: body, keepAlive: keepAlive, context: context)
        }
    }

    private func canned(_ response: CannedResponse, _ request: PendingRequest) -> (HTTPResponseHead, ByteBuffer) {
        (response.head(version: request.version, keepAlive: request.keepAlive), response.body)
    }

    private func write(head: HTTPResponseHead, body: ByteBuffer, keepAlive: Bool, context: ChannelHandlerContext) {
        context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
        context.write(Self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        if keepAlive {
            context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            // Close only after the bytes are out; closing right away could drop the unwritten tail.
            context.writeAndFlush(Self.wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        }
    }
}
