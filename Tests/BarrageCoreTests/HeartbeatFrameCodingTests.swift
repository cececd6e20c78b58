import Testing
@testable import BarrageCore

/// The heartbeat fast paths against Foundation: pings encode to JSONEncoder's exact bytes, and
/// pongs (valid, mutated, garbage) decode to JSONDecoder's exact answer.
struct HeartbeatFrameCodingTests {
    @Test func pingsEncodeAsJSONEncoderDoes() throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        print("HeartbeatFrameCoding ping seed: \(seed)")
        var rng = SplitMix64(seed: seed)
        for round in 0..<500 {
            let reply: Bool? = [nil, true, false][Int(rng.next() % 3)]
            let ping = Message.Ping(seq: SampleGenerator.uint(&rng, plain: false), sentMicros: SampleGenerator.int(&rng, plain: false), reply: reply)
            #expect(try MessageCoding.encode(.ping(ping)) == MessageCoding.encodeWithJSONEncoder(.ping(ping)), "seed \(seed) round \(round)")
        }
    }

    @Test func pongsDecodeAsJSONDecoderDoes() throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        print("HeartbeatFrameCoding pong seed: \(seed)")
        var rng = SplitMix64(seed: seed)
        var fast = 0
        for round in 0..<300 {
            let pong = Message.Pong(
                seq: SampleGenerator.uint(&rng, plain: false), sentMicros: SampleGenerator.int(&rng, plain: false),
                agentMicros: SampleGenerator.int(&rng, plain: false))
            let frame = Array(try MessageCoding.encode(.pong(pong)).dropLast())
            let decoded = frame.withUnsafeBufferPointer { HeartbeatFrameCoding.decodePong($0) }
            if let decoded {
                fast += 1
                #expect(decoded == pong, "seed \(seed) round \(round)")
            }
            #expect(try MessageCoding.decode(frame) == .pong(pong))
            for mutation in 0..<20 {
                let mutated = FrameMutator.mutate(frame, &rng)
                let outcome = mutated.withUnsafeBufferPointer { HeartbeatFrameCoding.decodePong($0) }
                let codable = Result { () throws(ProtocolError) in try MessageCoding.decodeWithJSONDecoder(mutated) }
                if let outcome { #expect(codable == .success(.pong(outcome)), "seed \(seed) round \(round) mutation \(mutation)") }
                #expect(Result { () throws(ProtocolError) in try MessageCoding.decode(mutated) } == codable)
            }
        }
        // Only Int64.min (which the fast path leaves to JSONDecoder) misses it.
        #expect(fast >= 200)
    }
}
