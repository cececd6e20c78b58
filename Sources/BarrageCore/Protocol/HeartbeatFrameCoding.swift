/// The heartbeat pair without Foundation: after `sample` these are the most frequent frames (a
/// coordinator pings every agent every 3 s; clock-sync pings are answered by `pong`s).
///
/// As with ``SampleFrameDecoder``, the decoder reads only the compact form ``MessageCoding``
/// writes and declines everything else, which then goes through `JSONDecoder` for the same value
/// or the same error; the encoder writes byte for byte what `JSONEncoder` (sorted keys) writes.
enum HeartbeatFrameCoding {
    typealias Reader = CompactJSONReader
    typealias Decline = CompactJSONReader.Decline

    /// `{"reply":false,"sent_micros":N,"seq":N,"type":"ping"}\n` (`reply` only when set)
    static func encode(_ ping: Message.Ping) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(80)
        line.append(UInt8(ascii: "{"))
        if let reply = ping.reply { line.append(contentsOf: (reply ? #""reply":true,"# : #""reply":false,"#).utf8) }
        line.append(contentsOf: #""sent_micros":"#.utf8)
        line.append(contentsOf: String(ping.sentMicros).utf8)
        line.append(contentsOf: #","seq":"#.utf8)
        line.append(contentsOf: String(ping.seq).utf8)
        line.append(contentsOf: #","type":"ping"}"#.utf8)
        line.append(UInt8(ascii: "\n"))
        return line
    }

    private enum PongField: Int, SampleFrameDecoder.Key {
        static let all = allCases
        case type, seq, sentMicros, agentMicros

        var name: StaticString {
            switch self {
            case .type: "type"
            case .seq: "seq"
            case .sentMicros: "sent_micros"
            case .agentMicros: "agent_micros"
            }
        }
    }

    /// The `pong` in `frame`, or nil to decode it the slow way.
    static func decodePong(_ frame: UnsafeBufferPointer<UInt8>) -> Message.Pong? {
        var reader = Reader(frame)
        var seen: UInt32 = 0
        var pong = Message.Pong(seq: 0, sentMicros: 0, agentMicros: 0)
        do {
            try reader.object { (reader: inout Reader, key: UnsafeBufferPointer<UInt8>) throws(Decline) in
                switch try SampleFrameDecoder.claim(key, seen: &seen) as PongField {
                case .type:
                    let type = try reader.stringBytes()
                    guard Reader.equals(type, "pong") else { throw Decline() }
                case .seq: pong.seq = try reader.uint64()
                case .sentMicros: pong.sentMicros = try reader.int64()
                case .agentMicros: pong.agentMicros = try reader.int64()
                }
            }
        } catch {
            return nil
        }
        guard reader.isAtEnd, seen == SampleFrameDecoder.allKeys(PongField.self) else { return nil }
        return pong
    }
}
