import BarrageCore

/// A recorded `sample` frame whose `run_id`, `seq` and `interval_start_micros` can be replaced,
/// byte for byte everything else, for ``SampleReplay``.
struct SampleFrameTemplate: Sendable {
    /// Why a recorded line cannot be replayed.
    struct TemplateError: Error, CustomStringConvertible {
        var description: String
    }

    /// The frame cut around the three values, in the order they appear.
    private let pieces: [[UInt8]]
    private let order: [Field]
    let httpReqs: UInt64
    let seriesNames: [String]
    let checkNames: [String]

    private enum Field {
        case runId, seq, intervalStart
    }

    init(_ frame: [UInt8]) throws(TemplateError) {
        let sample: Message.Sample
        do {
            guard case .sample(let decoded) = try MessageCoding.decode(frame) else {
                throw TemplateError(description: "not a sample frame")
            }
            sample = decoded
        } catch let error as TemplateError {
            throw error
        } catch {
            throw TemplateError(description: "does not decode: \(error)")
        }
        httpReqs = sample.counters.httpReqs
        seriesNames = (sample.series ?? []).map(\.name)
        checkNames = (sample.checks ?? [:]).keys.sorted()
        var spans: [(range: Range<Int>, field: Field)] = []
        for (key, field, quoted) in [("\"run_id\":\"", Field.runId, true), ("\"seq\":", .seq, false), ("\"interval_start_micros\":", .intervalStart, false)] {
            guard let start = Self.find(Array(key.utf8), in: frame) else {
                throw TemplateError(description: "no \(key) in the frame (not written by coord's encoder)")
            }
            var end = start
            let stop: Set<UInt8> = quoted ? [UInt8(ascii: "\"")] : [UInt8(ascii: ","), UInt8(ascii: "}")]
            while end < frame.count, !stop.contains(frame[end]) { end += 1 }
            spans.append((start..<end, field))
        }
        spans.sort { $0.range.lowerBound < $1.range.lowerBound }
        var pieces: [[UInt8]] = []
        var cursor = 0
        for span in spans {
            pieces.append(Array(frame[cursor..<span.range.lowerBound]))
            cursor = span.range.upperBound
        }
        pieces.append(Array(frame[cursor...]))
        self.pieces = pieces
        self.order = spans.map(\.field)
    }

    /// The frame with these values in place of the recorded ones.
    func frame(runId: String, seq: UInt64, intervalStartMicros: Int64) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(pieces.reduce(64) { $0 + $1.count })
        for (index, field) in order.enumerated() {
            bytes.append(contentsOf: pieces[index])
            switch field {
            case .runId: bytes.append(contentsOf: runId.utf8)
            case .seq: bytes.append(contentsOf: String(seq).utf8)
            case .intervalStart: bytes.append(contentsOf: String(intervalStartMicros).utf8)
            }
        }
        bytes.append(contentsOf: pieces[order.count])
        return bytes
    }

    /// The index just past the first occurrence of `needle`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<start + needle.count].elementsEqual(needle) {
            return start + needle.count
        }
        return nil
    }
}
