import BarrageCore
import NIOCore

/// Lets a session take a connection's inbound messages straight from the event loop once its
/// handshake is done, instead of through the `NIOAsyncChannel` stream.
///
/// Why: the coordinator forwards every message of every agent into one run event stream. Through
/// the async stream each frame cost two task hops (NIO's sequence producer, the connection's task,
/// then the run's stream); diverted it costs one, which at many agents was about a tenth of the
/// coordinator's CPU. Before ``divert(_:)`` every message goes to the async stream as usual;
/// errors and the end of the connection always do, after every message read before them.
public struct InboundDivert: Sendable {
    private let handler: NIOLoopBound<InboundDivertHandler>
    private let eventLoop: any EventLoop

    /// Installs the handler on `channel`'s pipeline; call on its event loop, after the codec.
    static func install(on channel: any Channel) throws -> InboundDivert {
        let handler = InboundDivertHandler()
        try channel.pipeline.syncOperations.addHandler(handler)
        return InboundDivert(handler: NIOLoopBound(handler, eventLoop: channel.eventLoop), eventLoop: channel.eventLoop)
    }

    private init(handler: NIOLoopBound<InboundDivertHandler>, eventLoop: any EventLoop) {
        self.handler = handler
        self.eventLoop = eventLoop
    }

    /// From the next message read on, hands each to `deliver` on the event loop (it must not
    /// block). Messages already in the async stream stay there, so the session drains it too.
    /// - Throws: when the event loop has shut down (the connection is gone).
    public func divert(_ deliver: @escaping @Sendable (Message) -> Void) async throws {
        let handler = self.handler
        try await eventLoop.submit { handler.value.deliver = deliver }.get()
    }
}

/// The pipeline half of ``InboundDivert``: passes messages on until it has somewhere to deliver them.
final class InboundDivertHandler: ChannelInboundHandler {
    typealias InboundIn = Message
    typealias InboundOut = Message

    var deliver: (@Sendable (Message) -> Void)?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let deliver else {
            context.fireChannelRead(data)
            return
        }
        deliver(Self.unwrapInboundIn(data))
    }
}

// Owned by one channel's event loop; reached from elsewhere only through NIOLoopBound.
@available(*, unavailable)
extension InboundDivertHandler: Sendable {}
