import BarrageTestSupport
import Foundation
import Histogram
import Testing
@testable import BarrageCore

struct HdrV2CodecTests {
    @Test func fixturesArePresent() {
        #expect(HdrFixture.all.count >= 7)
        #expect(HdrFixture.all.contains { $0.name == "single-large" })
    }

    @Test(arguments: HdrFixture.all)
    func decodesFixtureFromPython(fixture: HdrFixture) throws {
        let decoded = try HdrV2Codec.decode(base64: fixture.encodedV2CompressedBase64)
        let reference = fixture.makeReference()

        #expect(decoded.lowestDiscernibleValue == fixture.lowestDiscernibleValue)
        #expect(decoded.highestTrackableValue == fixture.highestTrackableValue)
        #expect(decoded.numberOfSignificantValueDigits.rawValue == fixture.significantDigits)
        #expect(decoded.totalCount == fixture.totalCount)
        #expect(decoded.totalCount == reference.totalCount)
        #expect(decoded.min == fixture.min)
        #expect(decoded.max == fixture.max)
        #expect(HdrInspect.pythonValueAtPercentile(decoded, 50) == fixture.p50)
        #expect(HdrInspect.pythonValueAtPercentile(decoded, 90) == fixture.p90)
        #expect(HdrInspect.pythonValueAtPercentile(decoded, 99) == fixture.p99)
        #expect(HdrInspect.buckets(decoded) == HdrInspect.buckets(reference))
        #expect(decoded == reference)
        for percentile in [50.0, 90.0, 99.0, 99.9] {
            #expect(HdrInspect.swiftValueAtPercentile(decoded, percentile)
                == HdrInspect.swiftValueAtPercentile(reference, percentile))
        }
    }

    @Test(arguments: HdrFixture.all)
    func encodesFixtureValuesLikePython(fixture: HdrFixture) throws {
        let reference = fixture.makeReference()
        // Same counts, same rules: our uncompressed payload is byte-for-byte Python's.
        let pythonCompressed = try #require(try? decodeBase64(fixture.encodedV2CompressedBase64))
        let pythonPayload = try Zlib.decompress(Array(pythonCompressed.dropFirst(8)))
        #expect(HdrV2Codec.encode(reference) == pythonPayload)

        let base64 = HdrV2Codec.encodeBase64(reference)
        #expect(base64.hasPrefix("HISTF"))
        let decoded = try HdrV2Codec.decode(base64: base64)
        #expect(decoded == reference)
        #expect(HdrInspect.buckets(decoded) == HdrInspect.buckets(reference))
        #expect(try HdrV2Codec.decode(HdrV2Codec.encode(reference)) == reference)
    }

    @Test func standardHeaderDecodesToLatencyLayout() throws {
        var histogram = LatencyHistogram.make()
        histogram.record(1234)
        let decoded = try HdrV2Codec.decode(HdrV2Codec.encodeCompressed(histogram))
        #expect(decoded.lowestDiscernibleValue == LatencyHistogram.lowestDiscernibleMicros)
        #expect(decoded.highestTrackableValue == LatencyHistogram.highestTrackableMicros)
        #expect(decoded.numberOfSignificantValueDigits == LatencyHistogram.significantDigits)
        #expect(decoded.autoResize == false)
        // Decoded histograms merge into standard ones without trapping.
        var merged = LatencyHistogram.make()
        merged.add(decoded)
        #expect(merged.totalCount == 1)
    }

    @Test func emptyHistogramHasNoCounts() throws {
        let payload = HdrV2Codec.encode(LatencyHistogram.make())
        #expect(payload.count == 40)
        #expect(Array(payload[0..<8]) == [0x1c, 0x84, 0x93, 0x13, 0, 0, 0, 0])
        let decoded = try HdrV2Codec.decode(payload)
        #expect(decoded.totalCount == 0 && decoded.max == 0 && decoded.min == 0)
    }

    @Test func roundTripsRandomHistograms() throws {
        var random = SplitMix64(seed: PropertyRounds.seed("roundTripsRandomHistograms", fixed: 0x2B0C_D3E4))
        for _ in 0..<PropertyRounds.count(8) {
            let digits = SignificantDigits(rawValue: Int8.random(in: 0...4, using: &random)) ?? .three
            let lowest = UInt64.random(in: 1...2000, using: &random)
            let highest = Swift.max(2 * lowest, UInt64.random(in: 1...(1 << UInt64.random(in: 12...40, using: &random)), using: &random))
            var histogram = Histogram<UInt64>(
                lowestDiscernibleValue: lowest, highestTrackableValue: highest, numberOfSignificantValueDigits: digits)
            for _ in 0..<Int.random(in: 0...300, using: &random) {
                // Non-zero values below the lowest discernible value share bucket 0 with 0, and
                // the format (in every implementation) cannot tell them apart, so only 0 is used there.
                let value: UInt64 = switch Int.random(in: 0..<10, using: &random) {
                case 0: 0
                case 1: highest
                default: UInt64.random(in: lowest...highest, using: &random)
                }
                histogram.record(value, count: UInt64.random(in: 1...(Bool.random(using: &random) ? 3 : 1 << 12), using: &random))
            }
            for bytes in [HdrV2Codec.encode(histogram), HdrV2Codec.encodeCompressed(histogram)] {
                let decoded = try HdrV2Codec.decode(bytes)
                #expect(decoded == histogram)
                #expect(HdrInspect.buckets(decoded) == HdrInspect.buckets(histogram))
                #expect(decoded.totalCount == histogram.totalCount)
                #expect(decoded.max == histogram.max)
                #expect(decoded.lowestDiscernibleValue == lowest && decoded.highestTrackableValue == highest)
            }
            let viaText = try HdrV2Codec.decode(base64: HdrV2Codec.encodeBase64(histogram))
            #expect(viaText == histogram)
            // The overflow-proof scan and the fast iterator write the same counts.
            let layout = HdrLayout(of: histogram)
            #expect(HdrV2Codec.canIterate(histogram, layout: layout))
            #expect(HdrV2Codec.encodeCountsScanning(histogram, layout: layout)
                == HdrV2Codec.encodeCountsIterating(histogram, layout: layout))
        }
    }

    @Test func typicalLatencyHistogramIsFarSmallerThanCodable() throws {
        let fixture = try #require(HdrFixture.all.first { $0.name == "lognormal-5k-microseconds" })
        let histogram = fixture.makeReference()
        #expect(histogram.totalCount == 5000)
        let dense = try JSONEncoder().encode(histogram).count
        let base64 = HdrV2Codec.encodeBase64(histogram).utf8.count
        let compressed = HdrV2Codec.encodeCompressed(histogram).count
        let clock = ContinuousClock()
        let elapsed = clock.measure { for _ in 0..<20 { _ = HdrV2Codec.encodeBase64(histogram) } }
        let decodeElapsed = try clock.measure { for _ in 0..<20 { _ = try HdrV2Codec.decode(base64: HdrV2Codec.encodeBase64(histogram)) } }
        print("5k-value latency histogram: Codable JSON \(dense) B, V2 compressed \(compressed) B, base64 \(base64) B; "
            + "20 encodes \(elapsed), 20 encode+decodes \(decodeElapsed)")
        #expect(base64 * 5 < dense)
    }

    // MARK: Malformed input

    @Test func everyTruncationThrows() throws {
        var histogram = LatencyHistogram.make()
        for value in stride(from: UInt64(1), through: 2_000_000, by: 9_973) { histogram.record(value) }
        for encoded in [HdrV2Codec.encode(histogram), HdrV2Codec.encodeCompressed(histogram)] {
            for length in 0..<encoded.count {
                #expect(throws: HdrCodecError.self) { try HdrV2Codec.decode(Array(encoded.prefix(length))) }
            }
        }
    }

    @Test func badCookieThrows() {
        #expect(throws: HdrCodecError.badCookie(0x1c84_9301)) {
            try HdrV2Codec.decode([0x1c, 0x84, 0x93, 0x01] + [UInt8](repeating: 0, count: 40))
        }
        // V0/V1 cookies and a compressed wrapper around a wrong inner cookie are refused too.
        var inner = HdrV2Codec.encode(LatencyHistogram.make())
        inner[3] = 0x12
        let compressed = Zlib.compress(inner)
        let wrapper: [UInt8] = [0x1c, 0x84, 0x93, 0x14] + bigEndian(UInt32(compressed.count)) + compressed
        #expect(throws: HdrCodecError.badCookie(0x1c84_9312)) { try HdrV2Codec.decode(wrapper) }
    }

    @Test(arguments: ["", "HISTF", "HISTFAAAABx4nJNpmSzMgADMUJoRRFybvITB/gNEAABQ2gS", "@@@@", "HISTFAAA====", "ab=c",
                      "HISTFAAAABx4nJNpmSzMgADMUJoRRFybvITB/gNEAABQ2gSH\u{0}", "SGVsbG8gd29ybGQ="])
    func garbageTextThrows(text: String) {
        #expect(throws: HdrCodecError.self) { try HdrV2Codec.decode(base64: text) }
    }

    @Test func hugeClaimedLengthsThrow() throws {
        let histogram = LatencyHistogram.make()
        var compressed = HdrV2Codec.encodeCompressed(histogram)
        compressed.replaceSubrange(4..<8, with: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: HdrCodecError.lengthMismatch(
            field: "compressed histogram's length field", declared: 0xFFFF_FFFF, actual: compressed.count - 8)) {
            try HdrV2Codec.decode(compressed)
        }
        var payload = HdrV2Codec.encode(histogram)
        payload.replaceSubrange(4..<8, with: [0x7F, 0xFF, 0xFF, 0xFF])
        #expect(throws: HdrCodecError.self) { try HdrV2Codec.decode(payload) }
        // The same lie inside a valid zlib stream.
        let inner = Zlib.compress(payload)
        #expect(throws: HdrCodecError.self) {
            try HdrV2Codec.decode([0x1c, 0x84, 0x93, 0x14] + bigEndian(UInt32(inner.count)) + inner)
        }
    }

    @Test func decompressionBombIsRefused() {
        let bomb = Zlib.compress(HdrV2Codec.encode(LatencyHistogram.make()) + [UInt8](repeating: 0, count: 17 << 20))
        #expect(bomb.count < 100_000)
        let wrapper: [UInt8] = [0x1c, 0x84, 0x93, 0x14] + bigEndian(UInt32(bomb.count)) + bomb
        #expect(throws: HdrCodecError.zlib(Zlib.DecompressionError.tooLarge(limit: Zlib.defaultLimit).description)) {
            try HdrV2Codec.decode(wrapper)
        }
    }

    @Test func corruptZlibThrowsOrDecodesTheSame() throws {
        var histogram = LatencyHistogram.make()
        for value in [3, 50, 700, 9_000, 120_000, 4_000_000] as [UInt64] { histogram.record(value, count: value % 7 + 1) }
        let encoded = HdrV2Codec.encodeCompressed(histogram)
        for index in 8..<encoded.count {
            for flip: UInt8 in [0x01, 0x80, 0xFF] {
                var corrupt = encoded
                corrupt[index] ^= flip
                // Padding bits of the last deflate byte are ignored, so a flip there may decode fine.
                if let decoded = try? HdrV2Codec.decode(corrupt) { #expect(decoded == histogram) }
            }
        }
        let trailing = Array(encoded.dropFirst(8)) + [0, 0]
        #expect(throws: HdrCodecError.zlib(Zlib.DecompressionError.trailingBytes(2).description)) {
            try HdrV2Codec.decode([0x1c, 0x84, 0x93, 0x14] + bigEndian(UInt32(trailing.count)) + trailing)
        }
    }

    @Test func randomBytesNeverCrash() {
        var random = SplitMix64(seed: PropertyRounds.seed("randomBytesNeverCrash", fixed: 0x61C8_8647))
        let valid = HdrV2Codec.encode(LatencyHistogram.make())
        for round in 0..<PropertyRounds.count(500) {
            var bytes: [UInt8]
            if round % 2 == 0 {
                // A valid header followed by random counts.
                bytes = Array(valid.prefix(40)) + (0..<Int.random(in: 0...40, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                bytes.replaceSubrange(4..<8, with: bigEndian(UInt32(bytes.count - 40)))
            } else {
                bytes = (0..<Int.random(in: 0...80, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                if bytes.count >= 4, Bool.random(using: &random) { bytes.replaceSubrange(0..<4, with: [0x1c, 0x84, 0x93, 0x13]) }
            }
            if let decoded = try? HdrV2Codec.decode(bytes) {
                _ = (decoded.max, decoded.min, decoded.valueAtPercentile(99), decoded.mean)
            }
        }
    }

    @Test func invalidCountsThrow() {
        let header = Array(HdrV2Codec.encode(LatencyHistogram.make()).prefix(40))
        func payload(_ counts: [UInt8]) -> [UInt8] {
            var bytes = header + counts
            bytes.replaceSubrange(4..<8, with: bigEndian(UInt32(counts.count)))
            return bytes
        }
        #expect(throws: HdrCodecError.truncatedVarint(offset: 1)) { try HdrV2Codec.decode(payload([0x02, 0x80])) }
        // A zero run of 2^40 leaves the 23 552-entry array.
        var run: [UInt8] = []
        ZigZagLEB128.append(-(1 << 40), to: &run)
        #expect(throws: HdrCodecError.countsBeyondArray(index: (1 << 40) - 1, length: 23552)) {
            try HdrV2Codec.decode(payload(run))
        }
        var pastEnd: [UInt8] = []
        ZigZagLEB128.append(-23552, to: &pastEnd)
        ZigZagLEB128.append(1, to: &pastEnd)
        #expect(throws: HdrCodecError.countsBeyondArray(index: 23552, length: 23552)) {
            try HdrV2Codec.decode(payload(pastEnd))
        }
        var minRun: [UInt8] = []
        ZigZagLEB128.append(2, to: &minRun)
        ZigZagLEB128.append(.min, to: &minRun)
        #expect(throws: HdrCodecError.self) { try HdrV2Codec.decode(payload(minRun)) }
        var huge: [UInt8] = []
        for _ in 0..<3 { ZigZagLEB128.append(.max, to: &huge) }
        #expect(throws: HdrCodecError.totalCountOverflow) { try HdrV2Codec.decode(payload(huge)) }
    }

    @Test func invalidHeadersThrow() {
        let valid = HdrV2Codec.encode(LatencyHistogram.make())
        let invalid: [[UInt8]] = [
            valid.replacing(8..<12, bigEndian(UInt32(1))),                    // normalizing offset
            valid.replacing(12..<16, bigEndian(UInt32(6))),                   // digits
            valid.replacing(12..<16, bigEndian(UInt32.max)),                  // digits -1
            valid.replacing(16..<24, bigEndian(UInt64(0))),                   // lowest 0
            valid.replacing(16..<24, bigEndian(UInt64(1) << 62)),             // lowest too large
            valid.replacing(24..<32, bigEndian(UInt64(1))),                   // highest < 2 * lowest
            valid.replacing(24..<32, bigEndian(UInt64.max)),                  // highest negative as a Java long
            valid.replacing(32..<40, bigEndian((2.0 as Double).bitPattern)),  // a DoubleHistogram's ratio
        ]
        for bytes in invalid {
            #expect(throws: HdrCodecError.self) { try HdrV2Codec.decode(bytes) }
        }
        let fiveDigits = valid.replacing(12..<16, bigEndian(UInt32(5)))
        #expect((try? HdrV2Codec.decode(fiveDigits))?.numberOfSignificantValueDigits == .five)
        // 5 digits up to 2^62 would need 6.5 Mi counts: refused as too large rather than allocated.
        #expect(throws: HdrCodecError.self) {
            try HdrV2Codec.decode(fiveDigits.replacing(24..<32, bigEndian(UInt64(1) << 62)))
        }
    }

    @Test func histogramsTooHeavyToIterateEncodeButAreRefused() {
        // 8.6e9 counts of 3e9 µs: hdrhistogram-swift's own iterators would overflow summing them.
        var heavy = LatencyHistogram.make()
        heavy.record(3_000_000_000, count: 1 << 33)
        heavy.record(5)
        #expect(!HdrV2Codec.canIterate(heavy, layout: HdrLayout(of: heavy)))
        let encoded = HdrV2Codec.encode(heavy)
        #expect(encoded.count > 40)
        #expect(throws: HdrCodecError.valueSumOverflow) { try HdrV2Codec.decode(encoded) }
    }

    @Test func errorDescriptionsAreOneLineAndNameTheValue() {
        let errors: [(HdrCodecError, String)] = [
            (.badCookie(0x1234), "0x00001234"),
            (.truncated(field: "V2 header", needed: 40, available: 3), "40"),
            (.lengthMismatch(field: "V2 payload length field", declared: 99, actual: 3), "99"),
            (.invalidBase64(offset: 7), "7"),
            (.invalidHeader(field: "number of significant digits", value: "9", accepted: "0 to 5 are accepted"), "9"),
            (.countsBeyondArray(index: 30000, length: 23552), "30000"),
            (.zlib("the zlib stream is corrupt (incorrect header check)"), "incorrect header check"),
        ]
        for (error, value) in errors {
            #expect(!error.description.contains("\n"))
            #expect(error.description.contains(value))
        }
    }

    private func decodeBase64(_ text: String) throws -> [UInt8] {
        try Base64.decode(text).get()
    }
}

func bigEndian(_ value: UInt32) -> [UInt8] {
    var bytes: [UInt8] = []
    BigEndianBytes.append(value, to: &bytes)
    return bytes
}

func bigEndian(_ value: UInt64) -> [UInt8] {
    var bytes: [UInt8] = []
    BigEndianBytes.append(value, to: &bytes)
    return bytes
}

extension Array where Element == UInt8 {
    func replacing(_ range: Range<Int>, _ bytes: [UInt8]) -> [UInt8] {
        var copy = self
        copy.replaceSubrange(range, with: bytes)
        return copy
    }
}
