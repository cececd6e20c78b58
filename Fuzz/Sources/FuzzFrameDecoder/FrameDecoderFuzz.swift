import BarrageCore
import BarrageWire
import NIOCore
import NIOEmbedded

/// Arbitrary bytes through ``LineFrameDecoder`` in a real `ByteToMessageHandler` on an
/// `EmbeddedChannel`, as a connection would deliver them.
///
/// The first byte sets the read size (1...32 bytes, so frames straddle reads) and the second the
/// frame limit (1...256 bytes, so the limit is hit often). Decoding errors are expected; what must
/// hold is that every frame is non-empty, holds no `\n` and fits the limit, and nothing traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    guard bytes.count >= 2 else { return 0 }
    let readBytes = Int(bytes[0] % 32) + 1
    let maxFrameBytes = Int(bytes[1]) + 1
    let stream = bytes.dropFirst(2)
    let channel = EmbeddedChannel(handler: ByteToMessageHandler(LineFrameDecoder(maxFrameBytes: maxFrameBytes)))
    var offset = stream.startIndex
    do {
        while offset < stream.endIndex {
            let end = min(offset + readBytes, stream.endIndex)
            try channel.writeInbound(channel.allocator.buffer(bytes: stream[offset..<end]))
            offset = end
            try drain(channel, maxFrameBytes: maxFrameBytes)
        }
    } catch {
        expected(error)
    }
    do {
        // Closing runs `decodeLast`, and breaks the channel's reference cycles whatever happened.
        _ = try channel.finish(acceptAlreadyClosed: true)
    } catch {
        expected(error)
    }
    do {
        try drain(channel, maxFrameBytes: maxFrameBytes)
    } catch {
        fatalError("frames left in the channel are not buffers: \(error)")
    }
    return 0
}

/// Traps unless `error` is one the decoder may throw: a ``ProtocolError`` for the input, or the
/// handler refusing input after one.
private func expected(_ error: any Error) {
    guard error is ProtocolError || error is ByteToMessageDecoderError else { fatalError("unexpected error: \(error)") }
}

/// Reads every decoded frame and checks it.
private func drain(_ channel: EmbeddedChannel, maxFrameBytes: Int) throws {
    while let frame = try channel.readInbound(as: ByteBuffer.self) {
        precondition(frame.readableBytes > 0, "empty frame")
        precondition(frame.readableBytes <= maxFrameBytes, "frame of \(frame.readableBytes) bytes over the \(maxFrameBytes)-byte limit")
        precondition(!frame.readableBytesView.contains(UInt8(ascii: "\n")), "frame holds a newline")
    }
}
