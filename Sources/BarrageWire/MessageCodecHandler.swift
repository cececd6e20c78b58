import BarrageCore
import NIOCore

/// Turns frames from ``LineFrameDecoder`` into ``BarrageCore/Message``s, and outgoing messages into lines.
///
/// A frame that does not decode is reported with `fireErrorCaught` carrying the
/// ``BarrageCore/ProtocolError``; an `NIOAsyncChannel` ends its inbound stream with it, so the
/// session code can send an `error` message and close. Frames after a bad one are dropped: the
/// protocol ends the connection there.
public final class MessageCodecHandler: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = Message
    public typealias OutboundIn = Message
    public typealias OutboundOut = ByteBuffer

    private var failed = false

    public init() {}

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let frame = Self.unwrapInboundIn(data)
        do {
            let message = try MessageCoding.decode(frame.readableBytesView)
            if case .sample = message, let recorder = SampleRecorder.shared {
                frame.withUnsafeReadableBytes { recorder.record($0) }
            }
            context.fireChannelRead(Self.wrapInboundOut(message))
        } catch {
            failed = true
            context.fireErrorCaught(error)
        }
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        do {
            let line = try MessageCoding.encode(Self.unwrapOutboundIn(data))
            context.write(Self.wrapOutboundOut(context.channel.allocator.buffer(bytes: line)), promise: promise)
        } catch {
            promise?.fail(error)
        }
    }
}

// Owned by one channel's event loop; never shared.
@available(*, unavailable)
extension MessageCodecHandler: Sendable {}
