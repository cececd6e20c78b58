/// Decodes a `sample` frame, the one message every agent sends every second, without Foundation.
///
/// `JSONDecoder` on Linux spends most of a sample's decoding time in Foundation's generic
/// machinery; this reads the same fields straight from the bytes. It returns the same
/// ``Message/Sample`` the Codable path would, or nil: for any other message type, and for any frame
/// outside ``CompactJSONReader``'s strict subset (whitespace, escapes, unknown or repeated keys,
/// `null`, numbers in a form ``MessageCoding/encode(_:)`` never writes, missing fields, wrong types,
/// invalid UTF-8). ``MessageCoding/decode(_:)`` then decodes the frame with `JSONDecoder`, so a
/// bad frame fails with exactly the error it always did, and no check is weaker.
enum SampleFrameDecoder {
    typealias Reader = CompactJSONReader
    typealias Decline = CompactJSONReader.Decline

    /// The sample in `frame` (one line without its `\n`), or nil to decode it the slow way.
    static func decode(_ frame: UnsafeBufferPointer<UInt8>) -> Message.Sample? {
        var reader = Reader(frame)
        do {
            let sample = try sample(&reader)
            return reader.isAtEnd ? sample : nil
        } catch {
            return nil
        }
    }

    /// The top-level fields, in ``Message/Sample/CodingKeys``' wire names.
    private enum Field: Int, Key {
        static let all = allCases
        case type, runId, seq, intervalStartMicros, intervalMicros, counters, histograms, activeVUs
        case processCPUPercent, hostCPUPercent, netRxBytes, netTxBytes, loopLagMicros
        case series, checks, vusMax, stopTest, scenarios, tags

        var name: StaticString {
            switch self {
            case .type: "type"
            case .runId: "run_id"
            case .seq: "seq"
            case .intervalStartMicros: "interval_start_micros"
            case .intervalMicros: "interval_micros"
            case .counters: "counters"
            case .histograms: "histograms"
            case .activeVUs: "active_vus"
            case .processCPUPercent: "process_cpu_percent"
            case .hostCPUPercent: "host_cpu_percent"
            case .netRxBytes: "net_rx_bytes"
            case .netTxBytes: "net_tx_bytes"
            case .loopLagMicros: "loop_lag_micros"
            case .series: "series"
            case .checks: "checks"
            case .vusMax: "vus_max"
            case .stopTest: "stop_test"
            case .scenarios: "scenarios"
            case .tags: "tags"
            }
        }

        /// Every field but the optional ones.
        static let required: UInt32 = all.reduce(0) { mask, field in
            switch field {
            case .series, .checks, .vusMax, .stopTest, .scenarios, .tags: mask
            default: mask | 1 << field.rawValue
            }
        }
    }

    private static func sample(_ reader: inout Reader) throws(Decline) -> Message.Sample {
        var seen: UInt32 = 0
        var runId = "", seq: UInt64 = 0, intervalStart: Int64 = 0, interval: Int64 = 0
        var counters = Counters(), histograms: [String: String] = [:], activeVUs = 0
        var processCPU = 0.0, hostCPU = 0.0, netRx: UInt64 = 0, netTx: UInt64 = 0, loopLag: Int64 = 0
        var series: [SeriesSample]?, checks: [String: CheckTally]?, vusMax: Int?, stopTest: String?
        var scenarios: [ScenarioSample]?, tags: [TagSample]?
        try reader.object { (reader: inout Reader, key: UnsafeBufferPointer<UInt8>) throws(Decline) in
            switch try claim(key, seen: &seen) as Field {
            case .type:
                let type = try reader.stringBytes()
                guard Reader.equals(type, "sample") else { throw Decline() }
            case .runId: runId = try reader.string()
            case .seq: seq = try reader.uint64()
            case .intervalStartMicros: intervalStart = try reader.int64()
            case .intervalMicros: interval = try reader.int64()
            case .counters: counters = try Self.counters(&reader)
            case .histograms: histograms = try stringMap(&reader)
            case .activeVUs: activeVUs = try reader.int()
            case .processCPUPercent: processCPU = try reader.double()
            case .hostCPUPercent: hostCPU = try reader.double()
            case .netRxBytes: netRx = try reader.uint64()
            case .netTxBytes: netTx = try reader.uint64()
            case .loopLagMicros: loopLag = try reader.int64()
            case .series: series = try seriesList(&reader)
            case .checks: checks = try checkMap(&reader)
            case .vusMax: vusMax = try reader.int()
            case .stopTest: stopTest = try reader.string()
            case .scenarios: scenarios = try scenarioList(&reader)
            case .tags: tags = try tagList(&reader)
            }
        }
        guard seen & Field.required == Field.required else { throw Decline() }
        var sample = Message.Sample(
            runId: runId, seq: seq, intervalStartMicros: intervalStart, intervalMicros: interval, counters: counters,
            histograms: histograms, activeVUs: activeVUs, processCPUPercent: processCPU, hostCPUPercent: hostCPU,
            netRxBytes: netRx, netTxBytes: netTx, loopLagMicros: loopLag)
        sample.series = series
        sample.checks = checks
        sample.vusMax = vusMax
        sample.stopTest = stopTest
        sample.scenarios = scenarios
        sample.tags = tags
        return sample
    }

    /// The keys of one JSON object of a sample, each with its wire name.
    protocol Key: CaseIterable, RawRepresentable where RawValue == Int {
        var name: StaticString { get }
        /// `allCases`, computed once (the synthesized property builds a new array per call).
        static var all: [Self] { get }
    }

    /// The key `raw` names, marked in `seen`; a key that is unknown or already seen declines
    /// (JSONDecoder ignores unknown keys and has its own rule for repeated ones).
    static func claim<K: Key>(_ raw: UnsafeBufferPointer<UInt8>, seen: inout UInt32) throws(Decline) -> K {
        guard let key = K.all.first(where: { Reader.equals(raw, $0.name) }) else { throw Decline() }
        let bit = UInt32(1) << key.rawValue
        guard seen & bit == 0 else { throw Decline() }
        seen |= bit
        return key
    }

    /// The mask of every key of `K`, for objects whose keys are all required.
    static func allKeys<K: Key>(_: K.Type) -> UInt32 { (1 << K.all.count) - 1 }
}
