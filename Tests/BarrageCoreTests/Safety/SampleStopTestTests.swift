import BarrageTestSupport
import Testing
@testable import BarrageCore

/// `sample.stop_test`: coded only when set, and checked like every other peer text.
struct SampleStopTestTests {
    func sample(stopTest: String?) -> Message.Sample {
        var sample = Message.Sample(
            runId: "r", seq: 1, intervalStartMicros: 0, intervalMicros: 1_000_000, counters: Counters(), histograms: [:],
            activeVUs: 2, processCPUPercent: 10, hostCPUPercent: 5, netRxBytes: 0, netTxBytes: 0, loopLagMicros: 0)
        sample.stopTest = stopTest
        return sample
    }

    func line(_ sample: Message.Sample) throws -> String {
        String(decoding: try MessageCoding.encode(.sample(sample)), as: UTF8.self)
    }

    @Test func absentWhenNilAndRoundTripsWhenSet() throws {
        #expect(try !line(sample(stopTest: nil)).contains("stop_test"))
        let set = sample(stopTest: "data set 'users' ran out")
        #expect(try line(set).contains(#""stop_test":"data set 'users' ran out""#))
        #expect(try MessageCoding.decode(MessageCoding.encode(.sample(set)).dropLast()) == .sample(set))
    }

    @Test func aWrongTypeIsAFieldError() {
        let frame = #"{"type":"sample","run_id":"r","seq":1,"interval_start_micros":0,"interval_micros":1,"counters":{"http_reqs":0,"http_req_failed":0,"iterations":0,"data_received_bytes":0,"data_sent_bytes":0,"checks_passed":0,"checks_failed":0,"dropped_iterations":0,"errors":{}},"histograms":{},"active_vus":0,"process_cpu_percent":0,"host_cpu_percent":0,"net_rx_bytes":0,"net_tx_bytes":0,"loop_lag_micros":0,"stop_test":5}"#
        #expect {
            try MessageCoding.decode(line: frame)
        } throws: { error in
            guard case .invalidField(type: "sample", field: "stop_test", _) = error as? ProtocolError else { return false }
            return true
        }
    }

    @Test func sampleCheckAcceptsShortTextAndRefusesLongOrControlText() {
        var check = SampleCheck(requestNames: [], checkNames: [], maxVUs: 10)
        #expect(check.problem(with: sample(stopTest: "users.csv")) == nil)
        check = SampleCheck(requestNames: [], checkNames: [], maxVUs: 10)
        #expect(check.problem(with: sample(stopTest: String(repeating: "é", count: 129)))?.contains("258 bytes") == true)
        check = SampleCheck(requestNames: [], checkNames: [], maxVUs: 10)
        #expect(check.problem(with: sample(stopTest: String(repeating: "a", count: 256))) == nil)
        check = SampleCheck(requestNames: [], checkNames: [], maxVUs: 10)
        #expect(check.problem(with: sample(stopTest: "users\n\u{1b}[2J")) == "stop_test 'users\\u{a}\\u{1b}[2J' holds a control character")
        #expect(check.lastSeq == 0)
    }
}

extension SampleStopTestTests {
    @Test func theProtocolDocShowsAStopTestSample() throws {
        let blocks = DocFile.jsonBlocks(in: try DocFile.read())
        let stops = try blocks.compactMap { block -> String? in
            guard case .sample(let sample) = try MessageCoding.decode(line: block.text) else { return nil }
            return sample.stopTest
        }
        #expect(stops == ["data set 'users' ran out (onExhausted: stopTest)"])
    }
}
