import Histogram

/// Encodes and decodes HdrHistograms in the standard V2 format that the Java, C, Go, Rust and
/// Python HdrHistogram implementations share, so histograms move between agents compactly and
/// `.hlog` files open in the usual tools.
///
/// The uncompressed payload (all integers big-endian):
/// ```
/// +----------+----------------+-------------+--------+---------+---------+-------------+--------------+
/// | cookie   | payload length | norm. index | digits | lowest  | highest | int->double | counts       |
/// | 1c849313 | counts bytes   | offset (0)  |        | value   | value   | ratio (1.0) | varints ...  |
/// | 4 bytes  | 4 bytes        | 4 bytes     | 4      | 8 bytes | 8 bytes | 8-byte IEEE | length bytes |
/// +----------+----------------+-------------+--------+---------+---------+-------------+--------------+
/// ```
/// The counts run from index 0 to the last non-zero count as ZigZag LEB128 varints
/// (``ZigZagLEB128``): a positive value is one count, a negative value `-n` is `n` zero counts.
///
/// The compressed form is `1c849314`, the length of what follows, then a zlib stream of the whole
/// payload above; its base64 text starts with `HISTF`.
public enum HdrV2Codec {
    static let cookie: UInt32 = 0x1c84_9313
    static let compressedCookie: UInt32 = 0x1c84_9314
    static let headerSize = 40
    static let compressedHeaderSize = 8

    // MARK: Encoding

    /// The uncompressed V2 payload of `histogram`.
    ///
    /// Counts above `Int64.max` (which the format cannot hold) are written as `Int64.max`.
    public static func encode(_ histogram: Histogram<UInt64>) -> [UInt8] {
        let layout = HdrLayout(of: histogram)
        let counts = canIterate(histogram, layout: layout)
            ? encodeCountsIterating(histogram, layout: layout)
            : encodeCountsScanning(histogram, layout: layout)
        return payload(layout: layout, counts: counts)
    }

    /// The uncompressed V2 payload of `histogram`'s buckets: byte for byte what ``encode(_:)-(Histogram<UInt64>)``
    /// writes for its dense form, without building it.
    public static func encode(_ histogram: SparseHistogram) -> [UInt8] {
        let layout = latencyLayout
        var counts: [UInt8] = []
        var nextIndex = 0
        for bucket in histogram.buckets {
            let index = layout.index(of: bucket.value)
            appendZeros(Int64(index - nextIndex), to: &counts)
            ZigZagLEB128.append(Int64(clamping: bucket.count), to: &counts)
            nextIndex = index + 1
        }
        return payload(layout: layout, counts: counts)
    }

    /// The V2 header of `layout` followed by the varint `counts`.
    private static func payload(layout: HdrLayout, counts: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headerSize + counts.count)
        BigEndianBytes.append(cookie, to: &bytes)
        BigEndianBytes.append(UInt32(counts.count), to: &bytes)
        BigEndianBytes.append(UInt32(0), to: &bytes)
        BigEndianBytes.append(UInt32(layout.significantDigits), to: &bytes)
        BigEndianBytes.append(layout.lowestDiscernibleValue, to: &bytes)
        BigEndianBytes.append(layout.highestTrackableValue, to: &bytes)
        BigEndianBytes.append((1.0 as Double).bitPattern, to: &bytes)
        bytes.append(contentsOf: counts)
        return bytes
    }

    /// The compressed base64 text of `histogram`'s buckets, as ``encodeBase64(_:)-(Histogram<UInt64>)`` writes its dense form.
    public static func encodeBase64(_ histogram: SparseHistogram) -> String {
        Base64.encode(compressed(encode(histogram)))
    }

    /// Whether `recordedValues()` is safe: its iterator keeps a running sum of count × bucket top
    /// that traps on overflow, and that sum is at most total count × the highest bucket's top.
    static func canIterate(_ histogram: Histogram<UInt64>, layout: HdrLayout) -> Bool {
        guard histogram.totalCount > 0 else { return true }
        guard let top = layout.valueRange(at: layout.index(of: histogram.maxRecorded))?.upperBound else { return false }
        return !histogram.totalCount.multipliedReportingOverflow(by: top).overflow
    }

    /// The varint counts, from the (fast, specialized) recorded-values iterator.
    static func encodeCountsIterating(_ histogram: Histogram<UInt64>, layout: HdrLayout) -> [UInt8] {
        var counts: [UInt8] = []
        var nextIndex = 0
        for recorded in histogram.recordedValues() {
            let index = layout.index(of: recorded.value)
            appendZeros(Int64(index - nextIndex), to: &counts)
            ZigZagLEB128.append(Int64(clamping: recorded.count), to: &counts)
            nextIndex = index + 1
        }
        return counts
    }

    /// The varint counts, looked up index by index: slower, but cannot overflow.
    static func encodeCountsScanning(_ histogram: Histogram<UInt64>, layout: HdrLayout) -> [UInt8] {
        var counts: [UInt8] = []
        guard histogram.totalCount > 0 else { return counts }
        let lastIndex = Swift.min(layout.index(of: histogram.maxRecorded), layout.countsLength - 1)
        var zeros: Int64 = 0
        for index in 0...lastIndex {
            let count = layout.valueRange(at: index).map { histogram.countForValue($0.lowerBound) } ?? 0
            if count == 0 {
                zeros += 1
                continue
            }
            appendZeros(zeros, to: &counts)
            zeros = 0
            ZigZagLEB128.append(Int64(clamping: count), to: &counts)
        }
        return counts
    }

    /// Any run of zeros, even a single one, is written as `-n`, as the C and Python encoders do
    /// (Java writes a lone zero as the count 0; decoders accept both).
    private static func appendZeros(_ zeros: Int64, to counts: inout [UInt8]) {
        if zeros > 0 { ZigZagLEB128.append(-zeros, to: &counts) }
    }

    /// The compressed V2 form of `histogram`: cookie, length, then a zlib stream of ``encode(_:)``.
    public static func encodeCompressed(_ histogram: Histogram<UInt64>) -> [UInt8] {
        compressed(encode(histogram))
    }

    /// Cookie, length, then a zlib stream of the uncompressed `payload`.
    private static func compressed(_ payload: [UInt8]) -> [UInt8] {
        let compressed = Zlib.compress(payload)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(compressedHeaderSize + compressed.count)
        BigEndianBytes.append(compressedCookie, to: &bytes)
        BigEndianBytes.append(UInt32(compressed.count), to: &bytes)
        bytes.append(contentsOf: compressed)
        return bytes
    }

    /// The base64 text of ``encodeCompressed(_:)``, as `.hlog` files and HdrHistogram tools use it.
    /// It starts with `HISTF`.
    public static func encodeBase64(_ histogram: Histogram<UInt64>) -> String {
        Base64.encode(encodeCompressed(histogram))
    }

    // MARK: Decoding

    /// Decodes a V2 histogram, compressed (`1c849314`) or not (`1c849313`).
    ///
    /// The result has ``LatencyHistogram``'s layout when the header describes it, and otherwise the
    /// header's own lowest, highest and digits. As in the other implementations, its minimum is the
    /// lowest value of the lowest non-empty bucket and its maximum the highest value of the highest.
    /// (Bucket 0 holds 0 and every value below `1 << unitMagnitude` alike, so those decode as 0;
    /// with Barrage's lowest discernible value of 1 that bucket holds only 0.)
    ///
    /// Histograms whose counts × values exceed 2^64 - 1 are refused, since hdrhistogram-swift's
    /// iterators (`mean`, `recordedValues()`) would trap on them.
    /// - Throws: ``HdrCodecError`` for any malformed, truncated, oversized or unsupported input.
    public static func decode(_ bytes: [UInt8]) throws(HdrCodecError) -> Histogram<UInt64> {
        guard bytes.count >= 4 else { throw .truncated(field: "cookie", needed: 4, available: bytes.count) }
        let slice = bytes[...]
        switch BigEndianBytes.uint32(slice, at: 0) {
        case cookie:
            return try decodePayload(slice)
        case compressedCookie:
            return try decodePayload(inflate(slice)[...])
        case let other:
            throw .badCookie(other)
        }
    }

    /// Decodes the base64 text of a V2 histogram; surrounding whitespace is ignored.
    /// - Throws: ``HdrCodecError``, ``HdrCodecError/invalidBase64(offset:)`` for text that is not base64.
    public static func decode(base64: String) throws(HdrCodecError) -> Histogram<UInt64> {
        let symbols = Array(base64.utf8)
        var lower = symbols.startIndex
        var upper = symbols.endIndex
        while lower < upper, isSpace(symbols[lower]) { lower += 1 }
        while upper > lower, isSpace(symbols[upper - 1]) { upper -= 1 }
        switch Base64.decode(symbols[lower..<upper]) {
        case .success(let bytes): return try decode(bytes)
        case .failure(let failure): throw .invalidBase64(offset: failure.offset)
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t")
    }

    /// Unwraps the compressed form into the uncompressed payload.
    private static func inflate(_ bytes: ArraySlice<UInt8>) throws(HdrCodecError) -> [UInt8] {
        guard bytes.count >= compressedHeaderSize else {
            throw .truncated(field: "compressed header", needed: compressedHeaderSize, available: bytes.count)
        }
        let declared = Int(BigEndianBytes.uint32(bytes, at: 4))
        let present = bytes.count - compressedHeaderSize
        guard declared == present else {
            throw .lengthMismatch(field: "compressed histogram's length field", declared: declared, actual: present)
        }
        do {
            return try Zlib.decompress(bytes.dropFirst(compressedHeaderSize), expectedSize: 4 * declared)
        } catch {
            throw .zlib(error.description)
        }
    }

    /// Decodes the base64 text of a V2 histogram in ``LatencyHistogram``'s layout into its
    /// non-empty buckets, without building a dense histogram (see ``SparseHistogram``).
    /// - Throws: ``HdrCodecError`` as ``decode(base64:)``, and for any other layout (it could not
    ///   be merged losslessly).
    public static func decodeSparse(base64: String) throws(HdrCodecError) -> SparseHistogram {
        var text = base64
        // Native strings are contiguous UTF-8, so this reads the text in place (no copy).
        let decoded = text.withUTF8 { symbols in
            var lower = symbols.startIndex
            var upper = symbols.endIndex
            while lower < upper, isSpace(symbols[lower]) { lower += 1 }
            while upper > lower, isSpace(symbols[upper - 1]) { upper -= 1 }
            return Base64.decode(symbols[lower..<upper])
        }
        let bytes: [UInt8]
        switch decoded {
        case .success(let decoded): bytes = decoded
        case .failure(let failure): throw .invalidBase64(offset: failure.offset)
        }
        guard bytes.count >= 4 else { throw .truncated(field: "cookie", needed: 4, available: bytes.count) }
        let payload: [UInt8]
        switch BigEndianBytes.uint32(bytes[...], at: 0) {
        case cookie: payload = bytes
        case compressedCookie: payload = try inflate(bytes[...])
        case let other: throw .badCookie(other)
        }
        let (layout, countsStart) = try readHeader(payload[...])
        guard layout == latencyLayout else {
            throw .invalidHeader(
                field: "layout", value: "\(layout.lowestDiscernibleValue)..\(layout.highestTrackableValue) µs at \(layout.significantDigits) digits",
                accepted: "1..3600000000 µs at 3 significant digits")
        }
        var sparse = SparseHistogram()
        try decodeCounts(payload[countsStart...], layout: layout) { value, count, top in
            sparse.append(value: value, count: count, top: top)
            return true
        }
        return sparse
    }

    /// ``LatencyHistogram``'s layout, computed once.
    static let latencyLayout = HdrLayout(of: LatencyHistogram.make())

    /// Decodes an uncompressed V2 payload (starting with its cookie).
    private static func decodePayload(_ bytes: ArraySlice<UInt8>) throws(HdrCodecError) -> Histogram<UInt64> {
        let (layout, countsStart) = try readHeader(bytes)
        var histogram = layout.makeHistogram()
        guard layout.matches(histogram) else {
            throw .invalidHeader(
                field: "lowest discernible value", value: "\(layout.lowestDiscernibleValue)",
                accepted: "it is too close to a power of two for this histogram implementation")
        }
        var highest: UInt64?
        try decodeCounts(bytes[countsStart...], layout: layout) { value, count, top in
            highest = top
            return histogram.record(value, count: count)
        }
        if let highest {
            // A zero count only moves the maximum: to the top of the highest bucket, as Java's
            // decoder sets it, so percentiles at the top report that bucket's highest value.
            histogram.record(highest, count: 0)
        }
        return histogram
    }

    /// Checks an uncompressed V2 header; returns its layout and where the counts start.
    private static func readHeader(_ bytes: ArraySlice<UInt8>) throws(HdrCodecError) -> (HdrLayout, Int) {
        guard bytes.count >= headerSize else {
            throw .truncated(field: "V2 header", needed: headerSize, available: bytes.count)
        }
        let start = bytes.startIndex
        let payloadCookie = BigEndianBytes.uint32(bytes, at: start)
        guard payloadCookie == cookie else { throw .badCookie(payloadCookie) }
        let countsLength = Int(BigEndianBytes.uint32(bytes, at: start + 4))
        let present = bytes.count - headerSize
        guard countsLength == present else {
            throw .lengthMismatch(field: "V2 payload length field", declared: countsLength, actual: present)
        }
        let normalizingOffset = BigEndianBytes.uint32(bytes, at: start + 8)
        guard normalizingOffset == 0 else {
            throw .invalidHeader(
                field: "normalizing index offset", value: "\(Int32(bitPattern: normalizingOffset))",
                accepted: "only 0 (unshifted histograms) is supported")
        }
        let digits = Int32(bitPattern: BigEndianBytes.uint32(bytes, at: start + 12))
        let lowest = BigEndianBytes.uint64(bytes, at: start + 16)
        let highest = BigEndianBytes.uint64(bytes, at: start + 24)
        let ratio = Double(bitPattern: BigEndianBytes.uint64(bytes, at: start + 32))
        guard ratio == 1.0 else {
            throw .invalidHeader(
                field: "integer-to-double conversion ratio", value: "\(ratio)",
                accepted: "only 1.0 (integer histograms) is supported")
        }
        let layout = try HdrLayout(lowest: lowest, highest: highest, digits: Int(digits))
        return (layout, start + headerSize)
    }

    /// Reads the varint counts of `layout` and hands each non-empty bucket to `record` (its lowest
    /// value, its count and its highest value); `record` returns false if it cannot take it.
    private static func decodeCounts(
        _ counts: ArraySlice<UInt8>, layout: HdrLayout, record: (UInt64, UInt64, UInt64) -> Bool
    ) throws(HdrCodecError) {
        var offset = counts.startIndex
        var index: UInt64 = 0
        var total: UInt64 = 0
        var valueSum: UInt64 = 0
        while offset < counts.endIndex {
            let varintStart = offset
            guard let value = ZigZagLEB128.read(counts, at: &offset) else {
                throw .truncatedVarint(offset: varintStart - counts.startIndex)
            }
            if value < 0 {
                // A run of zeros: skip it, refusing runs that leave the array (or overflow).
                let (end, overflow) = index.addingReportingOverflow(value.magnitude)
                guard !overflow, end <= UInt64(layout.countsLength) else {
                    throw .countsBeyondArray(index: overflow ? .max : end - 1, length: layout.countsLength)
                }
                index = end
                continue
            }
            guard index < UInt64(layout.countsLength) else {
                throw .countsBeyondArray(index: index, length: layout.countsLength)
            }
            if value > 0 {
                let count = UInt64(value)
                guard let range = layout.valueRange(at: Int(index)) else { throw .valueOutOfRange(index: Int(index)) }
                let (sum, overflow) = total.addingReportingOverflow(count)
                guard !overflow else { throw .totalCountOverflow }
                total = sum
                // hdrhistogram-swift's iterators (behind `mean`, `recordedValues()` …) sum count × value
                // and trap on overflow, so such a histogram would crash its first reader: refuse it here.
                let (weight, productOverflow) = count.multipliedReportingOverflow(by: range.upperBound)
                let (newSum, sumOverflow) = valueSum.addingReportingOverflow(weight)
                guard !productOverflow, !sumOverflow else { throw .valueSumOverflow }
                valueSum = newSum
                // The lowest value of the bucket sets the minimum the way other implementations report it.
                guard record(range.lowerBound, count, range.upperBound) else {
                    throw .countsBeyondArray(index: index, length: layout.countsLength)
                }
            }
            index += 1
        }
    }
}
