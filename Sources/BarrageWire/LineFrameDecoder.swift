import BarrageCore
import NIOCore

/// Splits a byte stream into frames at each `\n`, dropping the `\n` and an optional `\r` before it.
///
/// Two frames arriving in three reads:
///
///     +-------------+----------------+-----------------+
///     | {"type":"pi | ng",...}\n{"ty | pe":"pong"}\r\n |
///     +-------------+----------------+-----------------+
///
/// become
///
///     +---------------------+-----------------+
///     | {"type":"ping",...} | {"type":"pong"} |
///     +---------------------+-----------------+
///
/// Empty lines are skipped. The length limit is enforced while buffering, not once a `\n`
/// arrives, so a peer sending bytes without a newline cannot make the buffer grow past
/// `maxFrameBytes + 1`: the decoder throws ``BarrageCore/ProtocolError/frameTooLarge(lengthBytes:limitBytes:)``
/// and the ``NIOCore/ByteToMessageHandler`` discards everything after it.
/// Closing the connection mid-frame throws ``BarrageCore/ProtocolError/truncatedFrame(lengthBytes:)``.
public struct LineFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    /// The longest frame accepted now, in bytes, not counting the line ending.
    public var maxFrameBytes: Int { limit.current }
    private let limit: FrameLimit
    /// How many bytes of the pending partial frame were already searched for `\n`, so each byte
    /// is scanned once however many reads a frame takes.
    private var scannedBytes = 0

    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// - Parameter maxFrameBytes: the longest frame accepted, in bytes, excluding the line ending.
    public init(maxFrameBytes: Int = ProtocolLimits.defaultMaxFrameBytes) {
        self.limit = FrameLimit(bytes: maxFrameBytes)
    }

    /// - Parameter limit: the connection's limit, which may change (raised after authentication).
    public init(limit: FrameLimit) {
        self.limit = limit
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let maxFrameBytes = self.maxFrameBytes
        let view = buffer.readableBytesView
        let searchStart = view.index(view.startIndex, offsetBy: min(scannedBytes, view.count))
        guard let newlineIndex = view[searchStart...].firstIndex(of: Self.newline) else {
            scannedBytes = view.count
            // A trailing `\r` may be the start of a `\r\n`, so it does not count yet.
            let pendingBytes = view.last == Self.carriageReturn ? view.count - 1 : view.count
            guard pendingBytes <= maxFrameBytes else {
                throw ProtocolError.frameTooLarge(lengthBytes: pendingBytes, limitBytes: maxFrameBytes)
            }
            return .needMoreData
        }
        scannedBytes = 0
        let lineBytes = view.distance(from: view.startIndex, to: newlineIndex)
        let hasCarriageReturn = lineBytes > 0 && view[view.index(before: newlineIndex)] == Self.carriageReturn
        let frameBytes = hasCarriageReturn ? lineBytes - 1 : lineBytes
        guard frameBytes <= maxFrameBytes else {
            throw ProtocolError.frameTooLarge(lengthBytes: frameBytes, limitBytes: maxFrameBytes)
        }
        // `readSlice` cannot fail here: `frameBytes` readable bytes were just counted.
        let frame = buffer.readSlice(length: frameBytes)
        buffer.moveReaderIndex(forwardBy: lineBytes - frameBytes + 1)
        if let frame, frame.readableBytes > 0 {
            context.fireChannelRead(Self.wrapInboundOut(frame))
        }
        return .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        if seenEOF, buffer.readableBytes > 0 {
            let lengthBytes = buffer.readableBytes
            buffer.moveReaderIndex(forwardBy: lengthBytes)
            throw ProtocolError.truncatedFrame(lengthBytes: lengthBytes)
        }
        return .needMoreData
    }
}

// Owned by one channel's event loop; never shared.
@available(*, unavailable)
extension LineFrameDecoder: Sendable {}
