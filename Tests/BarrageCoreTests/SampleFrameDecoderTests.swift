import BarrageTestSupport
import Foundation
import Testing
@testable import BarrageCore

/// The hand-written `sample` decoder against the Codable one: for random valid samples and for
/// many mutated and garbage frames they agree exactly (the same value, or the same failure), and
/// real samples take the fast path. A unit run decodes 60 + 15 x 40 frames from fixed seeds;
/// `BARRAGE_SOAK=N` (Benchmarks/soak.sh) N times as many from fresh ones.
struct SampleFrameDecoderTests {
    /// What the combined decoder, the fast path alone and JSONDecoder alone make of one frame.
    struct Outcome {
        var combined: Result<Message, ProtocolError>
        var fast: Message.Sample?
        var codable: Result<Message, ProtocolError>
    }

    static func outcome(_ frame: [UInt8]) -> Outcome {
        Outcome(
            combined: Result { () throws(ProtocolError) in try MessageCoding.decode(frame) },
            fast: frame.withUnsafeBufferPointer { SampleFrameDecoder.decode($0) },
            codable: Result { () throws(ProtocolError) in try MessageCoding.decodeWithJSONDecoder(frame) })
    }

    /// The fast path accepts only what JSONDecoder reads to the same sample, and the combined
    /// decoder is JSONDecoder's answer, error text included.
    static func expectAgreement(_ frame: [UInt8], _ context: @autoclosure () -> String) {
        let outcome = outcome(frame)
        if let fast = outcome.fast {
            #expect(outcome.codable == .success(.sample(fast)), "fast path accepted what JSONDecoder reads otherwise: \(context())")
        }
        #expect(outcome.combined == outcome.codable, "\(context())")
    }

    @Test func randomValidSamplesDecodeTheSameAndTakeTheFastPath() throws {
        let seed = PropertyRounds.seed("SampleFrameDecoder valid-sample", fixed: 0x5A4D_9E01)
        var rng = SplitMix64(seed: seed)
        var fastCount = 0
        let rounds = PropertyRounds.count(60)
        for round in 0..<rounds {
            let plain = round % 3 != 0
            let sample = SampleGenerator.sample(&rng, plain: plain)
            let frame = Array(try MessageCoding.encode(.sample(sample)).dropLast())
            let outcome = Self.outcome(frame)
            #expect(outcome.codable == .success(.sample(sample)), "seed \(seed) round \(round)")
            #expect(outcome.combined == .success(.sample(sample)), "seed \(seed) round \(round)")
            if let fast = outcome.fast {
                fastCount += 1
                #expect(fast == sample, "seed \(seed) round \(round)")
            } else {
                #expect(!plain, "a plain sample missed the fast path: seed \(seed) round \(round): \(String(decoding: frame, as: UTF8.self))")
            }
        }
        // Two in three are plain, and every plain one takes the fast path.
        #expect(fastCount >= rounds * 2 / 3)
    }

    @Test func mutatedFramesAgreeWithJSONDecoder() throws {
        let seed = PropertyRounds.seed("SampleFrameDecoder mutation", fixed: 0x3F1C_77A2)
        var rng = SplitMix64(seed: seed)
        for round in 0..<PropertyRounds.count(15) {
            let sample = SampleGenerator.sample(&rng, plain: round % 4 != 0)
            let frame = Array(try MessageCoding.encode(.sample(sample)).dropLast())
            for mutation in 0..<40 {
                let mutated = FrameMutator.mutate(frame, &rng)
                Self.expectAgreement(mutated, "seed \(seed) round \(round) mutation \(mutation): \(String(decoding: mutated, as: UTF8.self))")
            }
        }
    }

    @Test(arguments: [
        "", "{", "}", "{}", "[]", "null", "\"sample\"", #"{"type":"sample"}"#, #"{"type":"ping","seq":1,"sent_micros":2}"#,
        #"{"type":"sample","run_id":"r"}"#, #"{"type":"samples"}"#, #"{"type":5}"#,
    ])
    func garbageAndOtherTypesAgree(line: String) {
        Self.expectAgreement(Array(line.utf8), line)
    }

    /// Each edit of one field of a valid frame, checked field by field.
    @Test func everyFieldEditAgrees() throws {
        var rng = SplitMix64(seed: 13)
        let sample = SampleGenerator.sample(&rng, plain: true, full: true)
        let frame = Array(try MessageCoding.encode(.sample(sample)).dropLast())
        let members = FrameMutator.members(of: frame)
        #expect(members.count > 40)
        for member in members {
            for replacement in FrameMutator.replacements {
                var edited = frame
                edited.replaceSubrange(member.value, with: Array(replacement.utf8))
                Self.expectAgreement(edited, String(decoding: edited, as: UTF8.self))
            }
            var removed = frame
            removed.removeSubrange(member.whole)
            Self.expectAgreement(FrameMutator.fixCommas(removed), "without \(member)")
            var repeated = frame
            repeated.insert(contentsOf: Array(frame[member.whole]) + [UInt8(ascii: ",")], at: member.whole.lowerBound)
            Self.expectAgreement(repeated, "repeated \(member)")
        }
    }

    @Test func theDocExampleAndWhitespaceTakeTheSlowPathToTheSameValue() throws {
        let compact = #"{"type":"sample","run_id":"r","seq":1,"interval_start_micros":-5,"interval_micros":1,"counters":{"http_reqs":0,"http_req_failed":0,"iterations":0,"data_received_bytes":0,"data_sent_bytes":0,"checks_passed":0,"checks_failed":0,"dropped_iterations":0,"errors":{"timeout":2}},"histograms":{},"active_vus":0,"process_cpu_percent":1e-05,"host_cpu_percent":0.5,"net_rx_bytes":0,"net_tx_bytes":0,"loop_lag_micros":0,"series":[],"checks":{}}"#
        let fast = try #require(Array(compact.utf8).withUnsafeBufferPointer { SampleFrameDecoder.decode($0) })
        #expect(fast.series == [] && fast.checks == [:] && fast.processCPUPercent == 1e-05 && fast.counters.errors == [.timeout: 2])
        let spaced = compact.replacingOccurrences(of: ",", with: ", ")
        #expect(Array(spaced.utf8).withUnsafeBufferPointer { SampleFrameDecoder.decode($0) } == nil)
        #expect(try MessageCoding.decode(line: spaced) == .sample(fast))
    }
}
