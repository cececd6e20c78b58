import NIOCore

/// The one handler of an output's connection: sends nothing itself, reads the response's first
/// ``OutputResponse/maxBytes`` at most, and closes the connection as soon as it knows the answer
/// or `deadline` passes, so a server that answers forever, slowly or never costs 4 KiB and ends
/// on time. Its promise is completed exactly once, whatever happens (connect failure included).
final class OutputResponseReader: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    /// Why no response was read.
    enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case timedOut
        case closed(String)

        var description: String {
            switch self {
            case .timedOut: "no answer in time"
            case .closed(let reason): reason
            }
        }
    }

    private let promise: EventLoopPromise<OutputResponse>
    private let deadline: NIODeadline
    private var received: [UInt8] = []
    private var timer: Scheduled<Void>?
    private var completed = false

    init(promise: EventLoopPromise<OutputResponse>, deadline: NIODeadline) {
        self.promise = promise
        self.deadline = deadline
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: deadline) {
            let (reader, context) = loopBound.value
            // At the deadline a status already read is the answer; anything less is a timeout.
            reader.conclude(context: context, ended: true, otherwise: .timedOut)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finish(.failure(Failure.closed("the connection closed before an answer")), context: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !completed else { return }
        var buffer = unwrapInboundIn(data)
        let room = OutputResponse.maxBytes - received.count
        received += buffer.readBytes(length: min(room, buffer.readableBytes)) ?? []
        conclude(context: context, ended: received.count >= OutputResponse.maxBytes, otherwise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        conclude(context: context, ended: true, otherwise: .closed("the connection closed before an answer"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(Failure.closed("\(error)")), context: context)
    }

    /// Completes with the response when the bytes so far give one (or give up, when `ended`).
    /// - Parameter otherwise: the failure when `ended` and not even a status was read.
    private func conclude(context: ChannelHandlerContext, ended: Bool, otherwise: Failure?) {
        guard !completed else { return }
        switch OutputResponse.read(received[...], ended: ended) {
        case .response(let response): finish(.success(response), context: context)
        case .malformed(let reason):
            finish(.failure(received.isEmpty ? (otherwise ?? .closed(reason)) : .closed(reason)), context: context)
        case .needMore:
            if let otherwise { finish(.failure(otherwise), context: context) }
        }
    }

    private func finish(_ result: Result<OutputResponse, any Error>, context: ChannelHandlerContext?) {
        guard !completed else { return }
        completed = true
        timer?.cancel()
        received = []
        promise.completeWith(result)
        context?.close(promise: nil)
    }
}
