/// k6's execution segment: the part `[from, to)` of a test that one agent runs, within a sequence
/// of segments that cover `[0, 1)`.
///
/// Every planned integer (VUs at an instant, iterations started so far, iteration totals) is
/// scaled with ``scale(_:)`` so that, for ANY value, the parts of all segments of one sequence add
/// up to the value exactly, and each part is monotone in the value (a segment never loses a VU
/// while the whole test gains one, and never "un-starts" an iteration).
///
/// ## The split
/// The plain floor difference `floor(v*to) - floor(v*from)` adds up exactly but is not monotone:
/// for `[1/2, 3/5)` it gives 1 at v = 5 and 0 at v = 6. So the value is instead split along the
/// sequence as a chain: with cut points `c0 = 0 < c1 < ... < cn = 1` and `rest = v`, segment `j`
/// takes `round_half_up(rest * (c[j+1] - c[j]) / (1 - c[j]))` and leaves the rest to the segments
/// after it; the last segment takes what remains. Each step is `floor(rest*a + 1/2)` with
/// `a <= 1`, whose increments in `rest` are 0 or 1, so both the part and the remainder are
/// monotone, and by induction every part is. Parts telescope to `v` exactly. All arithmetic is on
/// integers over the sequence's common denominator (128-bit products), so it is exact and equal on
/// every machine. Each part stays within a few units of its exact share `v * (to - from)`.
///
/// A segment made with ``init(from:to:)`` alone belongs to k6's default sequence
/// `0, from, to, 1`; segments meant to add up together must come from one sequence
/// (``fromWeights(_:)`` or ``sequence(cuts:)``).
public struct ExecutionSegment: Sendable, Hashable, Codable, CustomStringConvertible {
    public let from: Rational
    public let to: Rational
    /// The cut points of the sequence this segment belongs to: from 0 to 1, increasing, with
    /// ``from`` and ``to`` adjacent in it.
    public let sequence: [Rational]

    /// The whole test, `[0, 1)`: ``scale(_:)`` is the identity.
    public static let full = ExecutionSegment(checkedFrom: .zero, to: .one, sequence: [.zero, .one])

    /// `[from, to)` in k6's default sequence `0, from, to, 1`.
    /// - Throws: ``ExecutionSegmentError`` unless `0 <= from < to <= 1`.
    public init(from: Rational, to: Rational) throws(ExecutionSegmentError) {
        var cuts: [Rational] = [.zero]
        for cut in [from, to, .one] where cut != cuts[cuts.count - 1] { cuts.append(cut) }
        try self.init(from: from, to: to, sequence: cuts)
    }

    /// `[from, to)` within the sequence with the given cut points.
    /// - Throws: ``ExecutionSegmentError`` unless the cuts increase from 0 to 1 with `from` and `to`
    ///   adjacent among them, and their common denominator fits 64 bits.
    public init(from: Rational, to: Rational, sequence: [Rational]) throws(ExecutionSegmentError) {
        guard from >= .zero, to <= .one, from < to else { throw .invalidBounds("\(from):\(to)") }
        try Self.checkCuts(sequence)
        guard let index = sequence.firstIndex(of: from), index + 1 < sequence.count, sequence[index + 1] == to else {
            throw .notInSequence(segment: "\(from):\(to)", sequence: sequence.map(\.description).joined(separator: ","))
        }
        self.init(checkedFrom: from, to: to, sequence: sequence)
    }

    init(checkedFrom from: Rational, to: Rational, sequence: [Rational]) {
        self.from = from
        self.to = to
        self.sequence = sequence
    }

    /// Every segment of the sequence with these cut points, in order.
    /// - Throws: ``ExecutionSegmentError`` unless the cuts increase from 0 to 1.
    public static func sequence(cuts: [Rational]) throws(ExecutionSegmentError) -> [ExecutionSegment] {
        try checkCuts(cuts)
        return (0..<(cuts.count - 1)).map { ExecutionSegment(checkedFrom: cuts[$0], to: cuts[$0 + 1], sequence: cuts) }
    }

    /// One segment per weight, in order, each as wide as its share of the total, in one sequence.
    ///
    /// Whole-number weights (such as agent VU capacities) are used exactly, so `[1, 1, 1]` gives
    /// thirds. Other weights are first rounded to integers relative to the largest, with a
    /// resolution of one millionth (and at least 1), so no segment is empty.
    /// - Throws: ``ExecutionSegmentError/badWeight(index:weight:)`` for an empty list or a weight
    ///   that is not a positive finite number.
    public static func fromWeights(_ weights: [Double]) throws(ExecutionSegmentError) -> [ExecutionSegment] {
        guard !weights.isEmpty else { throw .badWeight(index: 0, weight: 0) }
        for (index, weight) in weights.enumerated() where !(weight > 0 && weight.isFinite) {
            throw .badWeight(index: index, weight: weight)
        }
        let largest = weights.max() ?? 1
        let exact = weights.allSatisfy { $0 == $0.rounded() } && weights.reduce(0, +) <= 1e12
        let integers: [Int64] = weights.map { weight in
            exact ? Int64(weight) : Swift.max(1, Int64((weight / largest * 1_000_000).rounded()))
        }
        let total = integers.reduce(0, +)
        var cuts: [Rational] = [.zero]
        var running: Int64 = 0
        for part in integers {
            running += part
            cuts.append(try Rational(running, total))
        }
        return try sequence(cuts: cuts)
    }

    /// Parses k6's `--execution-segment` forms: `1/3:2/3`, `0.25:0.5`, or `1/2` meaning `0:1/2`.
    /// - Throws: ``ExecutionSegmentError``.
    public static func parse(_ text: String) throws(ExecutionSegmentError) -> ExecutionSegment {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1: return try ExecutionSegment(from: .zero, to: try Rational.parse(parts[0]))
        case 2: return try ExecutionSegment(from: try Rational.parse(parts[0]), to: try Rational.parse(parts[1]))
        default: throw .invalidBounds(text)
        }
    }

    /// `1/3:2/3`.
    public var description: String { "\(from):\(to)" }

    /// The segment's position in its sequence.
    public var index: Int { sequence.firstIndex(of: from) ?? 0 }

    /// This segment's part of `value` (see the type's documentation); parts over one sequence add
    /// up to `value` exactly. A negative value gives the negated part of its magnitude.
    public func scale(_ value: Int) -> Int {
        Self.parts(of: value, cuts: sequence, upTo: index)[index]
    }

    /// Every segment's part of `value`, in sequence order; they add up to `value`.
    public func partsOfSequence(_ value: Int) -> [Int] {
        Self.parts(of: value, cuts: sequence, upTo: sequence.count - 2)
    }

    /// An arrival rate scaled to this segment: `rate * (to - from)`. For exact iteration counts use
    /// ``scale(_:)`` on the global count of started iterations instead.
    public func scaleRate(_ rate: Double) -> Double {
        rate * (to.doubleValue - from.doubleValue)
    }

    /// The chain split, for segments `0...last` of the sequence.
    static func parts(of value: Int, cuts: [Rational], upTo last: Int) -> [Int] {
        let segments = cuts.count - 1
        guard segments > 1 else { return [value] }
        let sign = value < 0 ? -1 : 1
        // The common denominator was checked to fit 64 bits when the sequence was built.
        let common = cuts.reduce(Int64(1)) { Rational.lcm($0, $1.denominator) ?? $0 }
        let scaled = cuts.map { Int128($0.numerator) * Int128(common / $0.denominator) }
        var rest = Int128(value.magnitude)
        var parts: [Int] = []
        for j in 0...Swift.min(last, segments - 1) {
            let part: Int128
            if j == segments - 1 {
                part = rest
            } else {
                let width = scaled[j + 1] - scaled[j]
                let remaining = Int128(common) - scaled[j]
                let (quotient, remainder) = (rest * width).quotientAndRemainder(dividingBy: remaining)
                part = quotient + (2 * remainder >= remaining ? 1 : 0)
            }
            rest -= part
            parts.append(sign * Int(part))
        }
        return parts
    }

    static func checkCuts(_ cuts: [Rational]) throws(ExecutionSegmentError) {
        let text = cuts.map(\.description).joined(separator: ",")
        guard cuts.count >= 2, cuts.first == .zero, cuts.last == .one else { throw .invalidSequence(text) }
        for index in 1..<cuts.count where !(cuts[index - 1] < cuts[index]) { throw .invalidSequence(text) }
        var common: Int64 = 1
        for cut in cuts {
            guard let next = Rational.lcm(common, cut.denominator) else { throw .denominatorTooLarge(text) }
            common = next
        }
    }

    enum CodingKeys: String, CodingKey {
        case from, to, sequence
    }

    /// Decodes the fields as they are: an agent checks the invariants in ``RunSpec/validate()``,
    /// so a wrong segment is a `bad_spec` answer, not a malformed frame.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            checkedFrom: try container.decode(Rational.self, forKey: .from),
            to: try container.decode(Rational.self, forKey: .to),
            sequence: try container.decode([Rational].self, forKey: .sequence))
    }
}
