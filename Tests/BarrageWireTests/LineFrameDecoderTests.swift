import BarrageCore
import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing
@testable import BarrageWire

struct LineFrameDecoderTests {
    private func buffer(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    private func channel(maxFrameBytes: Int) -> EmbeddedChannel {
        EmbeddedChannel(handler: ByteToMessageHandler(LineFrameDecoder(maxFrameBytes: maxFrameBytes)))
    }

    private func readFrames(_ channel: EmbeddedChannel) throws -> [String] {
        var frames: [String] = []
        while let frame = try channel.readInbound(as: ByteBuffer.self) {
            frames.append(String(buffer: frame))
        }
        return frames
    }

    @Test func verifierDripFeedsAndBatchesFrames() throws {
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [
                (buffer(#"{"type":"auth_ok"}"# + "\n"), [buffer(#"{"type":"auth_ok"}"#)]),
                (buffer("first\r\nsecond\n"), [buffer("first"), buffer("second")]),
                (buffer("\n\r\nafter-blank\n"), [buffer("after-blank")]),
                (buffer("carriage\rinside\n"), [buffer("carriage\rinside")]),
                (buffer("exactly-21-bytes-long\r\n"), [buffer("exactly-21-bytes-long")]),
            ],
            decoderFactory: { LineFrameDecoder(maxFrameBytes: 21) })
    }

    @Test func framesSplitAcrossReadsAreJoined() throws {
        let channel = channel(maxFrameBytes: 64)
        for piece in [#"{"type":"pi"#, #"ng","seq":1}"#, "\r", "\n", "{", "}\n"] {
            try channel.writeInbound(buffer(piece))
        }
        #expect(try readFrames(channel) == [#"{"type":"ping","seq":1}"#, "{}"])
        #expect(try channel.finish().isClean)
    }

    @Test func oversizedFrameWithoutNewlineFailsWhileBuffering() throws {
        let channel = channel(maxFrameBytes: 8)
        try channel.writeInbound(buffer("12345678"))  // at the limit: still waiting
        try channel.writeInbound(buffer("\r"))  // may be a CRLF: does not count
        #expect(throws: ProtocolError.frameTooLarge(lengthBytes: 11, limitBytes: 8)) {
            try channel.writeInbound(self.buffer("9x"))
        }
        // Everything after the error is refused, not buffered.
        #expect(throws: (any Error).self) { try channel.writeInbound(self.buffer(String(repeating: "z", count: 1000))) }
        #expect(try readFrames(channel).isEmpty)
        _ = try? channel.finish()
    }

    @Test func oversizedFrameInOneReadIsRejected() throws {
        let channel = channel(maxFrameBytes: 8)
        #expect(throws: ProtocolError.frameTooLarge(lengthBytes: 9, limitBytes: 8)) {
            try channel.writeInbound(self.buffer("123456789\nok\n"))
        }
        _ = try? channel.finish()
    }

    @Test func frameAtTheLimitWithCRLFPasses() throws {
        let channel = channel(maxFrameBytes: 8)
        try channel.writeInbound(buffer("12345678\r"))
        try channel.writeInbound(buffer("\n"))
        #expect(try readFrames(channel) == ["12345678"])
        #expect(try channel.finish().isClean)
    }

    @Test func garbageBytesAreAFrameErrorNotACrash() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineFrameDecoder(maxFrameBytes: 1024)))
        try channel.pipeline.syncOperations.addHandler(MessageCodecHandler())
        var generator = SplitMix64(seed: 0xBA22A6E)
        var garbage = (0..<512).map { _ in UInt8.random(in: 0...255, using: &generator) }
        garbage.removeAll { $0 == UInt8(ascii: "\n") }
        garbage.append(UInt8(ascii: "\n"))
        #expect(throws: ProtocolError.self) {
            try channel.writeInbound(ByteBuffer(bytes: garbage))
        }
        // A valid frame after the bad one is dropped: the connection is to be closed.
        try channel.writeInbound(buffer(#"{"type":"auth_ok"}"# + "\n"))
        #expect(try channel.readInbound(as: Message.self) == nil)
        _ = try? channel.finish()
    }

    @Test func messagesDecodeAndEncodeThroughThePipeline() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineFrameDecoder()))
        try channel.pipeline.syncOperations.addHandler(MessageCodecHandler())
        try channel.writeInbound(buffer(#"{"type":"ping","seq":2,"sent_micros":77}"# + "\r\n"))
        #expect(try channel.readInbound(as: Message.self) == .ping(.init(seq: 2, sentMicros: 77)))

        try channel.writeOutbound(Message.ready(.init(runId: "r9")))
        let line = try channel.readOutbound(as: ByteBuffer.self).map { String(buffer: $0) }
        #expect(line == #"{"run_id":"r9","type":"ready"}"# + "\n")
        #expect(try channel.finish().isClean)
    }

    @Test func closingMidFrameIsReported() throws {
        let channel = channel(maxFrameBytes: 64)
        try channel.writeInbound(buffer("complete\npartial"))
        #expect(try readFrames(channel) == ["complete"])
        #expect(throws: ProtocolError.truncatedFrame(lengthBytes: 7)) { try channel.finish() }
    }
}
