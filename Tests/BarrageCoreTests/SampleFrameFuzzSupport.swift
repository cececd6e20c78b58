@testable import BarrageCore

/// Random `sample` payloads for ``SampleFrameDecoderTests``.
enum SampleGenerator {
    /// `plain` keeps to what real agents send (no escapes, ordinary numbers); otherwise strings
    /// hold quotes, backslashes and control characters and numbers reach their extremes.
    /// `full` sets every optional field.
    static func sample(_ rng: inout SplitMix64, plain: Bool, full: Bool = false) -> Message.Sample {
        var sample = Message.Sample(
            runId: text(&rng, plain: plain), seq: uint(&rng, plain: plain), intervalStartMicros: int(&rng, plain: plain),
            intervalMicros: int(&rng, plain: plain), counters: counters(&rng, plain: plain),
            histograms: histograms(&rng, plain: plain), activeVUs: Int(int(&rng, plain: plain)),
            processCPUPercent: double(&rng, plain: plain), hostCPUPercent: double(&rng, plain: plain),
            netRxBytes: uint(&rng, plain: plain), netTxBytes: uint(&rng, plain: plain), loopLagMicros: int(&rng, plain: plain))
        if full || rng.next() % 2 == 0 {
            sample.series = (0..<(full ? 2 : rng.next(below: 4))).map { _ in
                SeriesSample(
                    name: text(&rng, plain: plain), method: plain ? "GET" : text(&rng, plain: false),
                    status: Int(int(&rng, plain: plain)), counters: counters(&rng, plain: plain),
                    httpReqDuration: histogramText(&rng, plain: plain))
            }
        }
        if full || rng.next() % 2 == 0 {
            var checks: [String: CheckTally] = [:]
            for _ in 0..<(full ? 2 : rng.next(below: 4)) {
                checks[text(&rng, plain: plain)] = CheckTally(passes: uint(&rng, plain: plain), fails: uint(&rng, plain: plain))
            }
            sample.checks = checks
        }
        if full || rng.next() % 2 == 0 { sample.vusMax = Int(int(&rng, plain: plain)) }
        if full || rng.next() % 3 == 0 { sample.stopTest = text(&rng, plain: plain) }
        if full || rng.next() % 3 == 0 {
            sample.scenarios = (0..<(full ? 2 : rng.next(below: 3))).map { _ in
                ScenarioSample(
                    name: text(&rng, plain: plain), counters: counters(&rng, plain: plain),
                    httpReqDuration: histogramText(&rng, plain: plain), iterationDuration: histogramText(&rng, plain: plain))
            }
        }
        if full || rng.next() % 3 == 0 {
            sample.tags = (0..<(full ? 2 : rng.next(below: 3))).map { _ in
                TagSample(
                    key: text(&rng, plain: plain), value: text(&rng, plain: plain), counters: counters(&rng, plain: plain),
                    httpReqDuration: histogramText(&rng, plain: plain),
                    groupDuration: full || rng.next() % 2 == 0 ? histogramText(&rng, plain: plain) : nil)
            }
        }
        return sample
    }

    static func counters(_ rng: inout SplitMix64, plain: Bool) -> Counters {
        var counters = Counters()
        counters.httpReqs = uint(&rng, plain: plain)
        counters.httpReqFailed = uint(&rng, plain: plain)
        counters.iterations = uint(&rng, plain: plain)
        counters.dataReceivedBytes = uint(&rng, plain: plain)
        counters.dataSentBytes = uint(&rng, plain: plain)
        counters.checksPassed = uint(&rng, plain: plain)
        counters.checksFailed = uint(&rng, plain: plain)
        counters.droppedIterations = uint(&rng, plain: plain)
        for kind in ErrorKind.allCases where rng.next() % 4 == 0 { counters.errors[kind] = uint(&rng, plain: plain) }
        return counters
    }

    static func histograms(_ rng: inout SplitMix64, plain: Bool) -> [String: String] {
        var map: [String: String] = [:]
        for metric in TrendMetric.allCases where rng.next() % 3 != 0 { map[metric.name] = histogramText(&rng, plain: plain) }
        if !plain, rng.next() % 2 == 0 { map[text(&rng, plain: false)] = text(&rng, plain: false) }
        return map
    }

    /// A real V2 histogram of a few random latencies, or (not plain) any text.
    static func histogramText(_ rng: inout SplitMix64, plain: Bool) -> String {
        if !plain, rng.next() % 3 == 0 { return text(&rng, plain: false) }
        var histogram = LatencyHistogram.make()
        for _ in 0..<rng.next(below: 50) { _ = histogram.record(1 + rng.next() % 2_000_000) }
        return HdrV2Codec.encodeBase64(histogram)
    }

    static let plainPieces = ["a", "Z", "feed", " ", ":", "-", "_", "/", "é", "日本", "🚀", "200", "\u{7f}", "\u{85}"]
    static let oddPieces = ["\"", "\\", "\n", "\r", "\t", "\u{1}", "\u{1b}", "\u{0}", "\u{2028}", "\u{fffd}", "\\u0041"]

    static func text(_ rng: inout SplitMix64, plain: Bool) -> String {
        var text = ""
        for _ in 0..<rng.next(below: 12) {
            let pieces = !plain && rng.next() % 3 == 0 ? oddPieces : plainPieces
            text += pieces[rng.next(below: pieces.count)]
        }
        return text
    }

    static func uint(_ rng: inout SplitMix64, plain: Bool) -> UInt64 {
        switch rng.next() % (plain ? 3 : 6) {
        case 0: return 0
        case 1: return rng.next() % 1000
        case 2: return rng.next() % 10_000_000_000
        case 3: return .max
        case 4: return UInt64(Int64.max)
        default: return rng.next()
        }
    }

    static func int(_ rng: inout SplitMix64, plain: Bool) -> Int64 {
        switch rng.next() % (plain ? 3 : 7) {
        case 0: return 0
        case 1: return Int64(rng.next() % 2000) - 1000
        case 2: return Int64(rng.next() % 2_000_000_000_000_000) + 1_000_000_000_000_000
        case 3: return .max
        case 4: return .min
        case 5: return -1
        default: return Int64(bitPattern: rng.next())
        }
    }

    static func double(_ rng: inout SplitMix64, plain: Bool) -> Double {
        switch rng.next() % (plain ? 4 : 7) {
        case 0: return 0
        case 1: return Double(rng.next() % 100_000) / 1000
        case 2: return Double(rng.next() % 1_000_000) / 7
        case 3: return Double(rng.next() % 1000) * 1e-7
        case 4: return -Double(rng.next() % 1000) / 3
        case 5: return Double(Int64.max) * 4
        default:
            let value = Double(bitPattern: rng.next())
            return value.isFinite ? value : 1e300
        }
    }
}

/// Edits of a valid frame: bytes flipped, dropped or inserted, and JSON members replaced,
/// removed or repeated.
enum FrameMutator {
    /// Values that are wrong somewhere (type, sign, form, range) and right elsewhere.
    static let replacements = [
        "null", "\"x\"", "\"\"", "0", "1", "-1", "-0", "1.0", "1.5", "1e3", "1E+2", "01", "true", "{}", "[]", "[1]",
        #"{"a":1}"#, "18446744073709551615", "18446744073709551616", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "1e400", "-", "1.", ".5", "\"HISTFAAAACl4nJNpmSzMwMDAwQABzFCaEUQAAA==\"",
        "\"\\u0041\"", "\"a\u{1}b\"", " 1", "1 ",
    ]

    static let specialBytes: [UInt8] = Array("\"\\{}[],:-.e0 9nt".utf8) + [0x00, 0x1f, 0x7f, 0x80, 0xc3, 0xff, 0x09]

    /// One member of a JSON object in a compact frame: the key's first byte to the value's end.
    struct Member: CustomStringConvertible {
        var whole: Range<Int>
        var value: Range<Int>
        var description: String { "member at \(whole)" }
    }

    static func mutate(_ frame: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = frame
        let members = members(of: frame)
        switch rng.next() % 8 {
        case 0 where !bytes.isEmpty:
            bytes[rng.next(below: bytes.count)] = specialBytes[rng.next(below: specialBytes.count)]
        case 1 where !bytes.isEmpty:
            bytes.remove(at: rng.next(below: bytes.count))
        case 2:
            bytes.insert(specialBytes[rng.next(below: specialBytes.count)], at: rng.next(below: bytes.count + 1))
        case 3:
            bytes.removeSubrange(rng.next(below: bytes.count + 1)...)
        case 4 where !members.isEmpty:
            let member = members[rng.next(below: members.count)]
            bytes.replaceSubrange(member.value, with: Array(replacements[rng.next(below: replacements.count)].utf8))
        case 5 where !members.isEmpty:
            bytes.removeSubrange(members[rng.next(below: members.count)].whole)
            bytes = fixCommas(bytes)
        case 6 where !members.isEmpty:
            let member = members[rng.next(below: members.count)]
            bytes.insert(contentsOf: Array(frame[member.whole]) + [UInt8(ascii: ",")], at: member.whole.lowerBound)
        default:
            if !bytes.isEmpty { bytes[rng.next(below: bytes.count)] ^= UInt8(1 << rng.next(below: 8)) }
        }
        return bytes
    }

    /// `,,`, `{,` and `,}` left by removing a member, mended so only the member is missing.
    static func fixCommas(_ bytes: [UInt8]) -> [UInt8] {
        var text = String(decoding: bytes, as: UTF8.self)
        for (bad, good) in [(",,", ","), ("{,", "{"), (",}", "}"), ("[,", "["), (",]", "]")] {
            text = text.replacingOccurrences(of: bad, with: good)
        }
        return Array(text.utf8)
    }

    /// Every member of every object in `frame` (a compact JSON text), nested ones included.
    static func members(of frame: [UInt8]) -> [Member] {
        var members: [Member] = []
        var index = 0
        var lastStringStart = 0
        while index < frame.count {
            switch frame[index] {
            case UInt8(ascii: "\""):
                lastStringStart = index
                index = endOfString(frame, from: index)
            case UInt8(ascii: ":"):
                let end = endOfValue(frame, from: index + 1)
                members.append(Member(whole: lastStringStart..<end, value: index + 1..<end))
                index += 1
            default:
                index += 1
            }
        }
        return members
    }

    /// The index after the string starting at `start` (a quote).
    static func endOfString(_ frame: [UInt8], from start: Int) -> Int {
        var index = start + 1
        while index < frame.count {
            if frame[index] == UInt8(ascii: "\\") { index += 2; continue }
            if frame[index] == UInt8(ascii: "\"") { return index + 1 }
            index += 1
        }
        return frame.count
    }

    /// The index after the value starting at `start`.
    static func endOfValue(_ frame: [UInt8], from start: Int) -> Int {
        var index = start
        var depth = 0
        while index < frame.count {
            switch frame[index] {
            case UInt8(ascii: "\""):
                index = endOfString(frame, from: index)
                if depth == 0 { return index }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return index }
                depth -= 1
                if depth == 0 { return index + 1 }
            case UInt8(ascii: ","):
                if depth == 0 { return index }
            default:
                break
            }
            index += 1
        }
        return frame.count
    }
}
