import Foundation
import Testing
@testable import BarrageCore

struct ExecutionSegmentTests {
    static func r(_ n: Int64, _ d: Int64 = 1) throws -> Rational { try Rational(n, d) }

    @Test func rationalsAreReduced() throws {
        #expect(try Rational(2, 6) == Rational(1, 3))
        #expect(try Rational(3, -6).description == "-1/2")
        #expect(try Rational(0, 5) == .zero)
        #expect(try Rational(4, 2).description == "2")
        #expect(try Rational(1, 3) < Rational(1, 2))
        #expect(try Rational.parse("2/6") == Rational(1, 3))
        #expect(try Rational.parse("0.25") == Rational(1, 4))
        #expect(try Rational.parse("1") == .one)
        #expect(throws: ExecutionSegmentError.zeroDenominator("1/0")) { try Rational(1, 0) }
        #expect(throws: ExecutionSegmentError.invalidRational("x")) { try Rational.parse("x") }
        #expect(throws: ExecutionSegmentError.invalidRational("1/0")) { try Rational.parse("1/0") }
    }

    @Test func segmentsNeedOrderedBoundsInsideZeroToOne() throws {
        #expect(throws: ExecutionSegmentError.invalidBounds("1/2:1/2")) { try ExecutionSegment(from: Self.r(1, 2), to: Self.r(1, 2)) }
        #expect(throws: ExecutionSegmentError.invalidBounds("0:2")) { try ExecutionSegment(from: .zero, to: Self.r(2)) }
        #expect(throws: ExecutionSegmentError.invalidSequence("0,1/2")) { try ExecutionSegment.sequence(cuts: [.zero, Self.r(1, 2)]) }
        #expect(throws: ExecutionSegmentError.invalidSequence("0,1/2,1/3,1")) {
            try ExecutionSegment.sequence(cuts: [.zero, Self.r(1, 2), Self.r(1, 3), .one])
        }
        #expect(throws: ExecutionSegmentError.self) {
            try ExecutionSegment(from: .zero, to: Self.r(1, 2), sequence: [.zero, Self.r(1, 3), .one])
        }
        #expect(throws: ExecutionSegmentError.badWeight(index: 1, weight: 0)) { try ExecutionSegment.fromWeights([1, 0]) }
        #expect(throws: ExecutionSegmentError.badWeight(index: 0, weight: 0)) { try ExecutionSegment.fromWeights([]) }
        #expect(ExecutionSegmentError.invalidBounds("1:0").description
            == "invalid execution segment '1:0': expected <from>:<to> with 0 <= from < to <= 1, e.g. 1/3:2/3")
    }

    @Test func parsesK6Forms() throws {
        let middle = try ExecutionSegment.parse("1/3:2/3")
        let third = try Self.r(1, 3), twoThirds = try Self.r(2, 3), half = try Self.r(1, 2)
        #expect(middle.from == third && middle.to == twoThirds)
        #expect(middle.sequence == [.zero, third, twoThirds, .one])
        #expect(try ExecutionSegment.parse("1/2").description == "0:1/2")
        #expect(try ExecutionSegment.parse("0.5:1").sequence == [.zero, half, .one])
        #expect(throws: ExecutionSegmentError.self) { try ExecutionSegment.parse("1:2:3") }
    }

    @Test func integerWeightsAreExact() throws {
        let thirds = try ExecutionSegment.fromWeights([1, 1, 1])
        #expect(thirds.map(\.description) == ["0:1/3", "1/3:2/3", "2/3:1"])
        #expect(thirds.map(\.index) == [0, 1, 2])
        let quarters = try ExecutionSegment.fromWeights([3, 1])
        #expect(quarters.map(\.description) == ["0:3/4", "3/4:1"])
        #expect(quarters[1].scaleRate(100) == 25)
    }

    @Test func fullSegmentIsTheIdentity() {
        for value in [0, 1, 7, 1000, -3, Int.max] { #expect(ExecutionSegment.full.scale(value) == value) }
    }

    @Test func scalesCloseToTheExactShare() throws {
        let thirds = try ExecutionSegment.fromWeights([1, 1, 1])
        #expect(thirds.map { $0.scale(1000) } == [333, 334, 333])
        #expect(thirds.map { $0.scale(1) }.reduce(0, +) == 1)
        #expect(thirds.map { $0.scale(-1000) } == [-333, -334, -333])
        #expect(thirds[1].partsOfSequence(10) == thirds.map { $0.scale(10) })
        // Huge values stay exact thanks to 128-bit products.
        #expect(thirds.map { $0.scale(Int.max) }.reduce(0) { $0 &+ $1 } == Int.max)
    }

    /// The floor difference `floor(v*to) - floor(v*from)` is not monotone for `[1/2, 3/5)` (1 at
    /// v = 5, 0 at v = 6); the chain split is.
    @Test func scaleIsMonotoneWhereTheFloorDifferenceIsNot() throws {
        let segments = try ExecutionSegment.sequence(cuts: [.zero, Self.r(1, 2), Self.r(3, 5), .one])
        var previous = segments.map { $0.scale(0) }
        for value in 1...2000 {
            let parts = segments.map { $0.scale(value) }
            #expect(parts.reduce(0, +) == value)
            for (part, before) in zip(parts, previous) { #expect(part - before == 0 || part - before == 1) }
            previous = parts
        }
    }

    /// Property: for random weights, every value splits exactly, monotonically, within a few units
    /// of each segment's exact share.
    @Test func propertyPartsAddUpAndAreMonotone() throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        print("ExecutionSegment property seed: \(seed)")
        var rng = SplitMix64(seed: seed)
        for _ in 0..<200 {
            let count = Int(rng.next() % 12) + 1
            let weights = (0..<count).map { _ in
                rng.next() % 2 == 0 ? Double(rng.next() % 20 + 1) : Double(rng.next() % 10_000 + 1) / 137
            }
            let segments = try ExecutionSegment.fromWeights(weights)
            #expect(segments.count == count, "seed \(seed)")
            #expect(segments.first?.from == .zero && segments.last?.to == .one, "seed \(seed)")
            var previous = [Int](repeating: 0, count: count)
            for value in 0...300 {
                let parts = segments.map { $0.scale(value) }
                #expect(parts.reduce(0, +) == value, "seed \(seed)")
                for index in 0..<count {
                    let step = parts[index] - previous[index]
                    #expect(step == 0 || step == 1, "seed \(seed)")
                    let exact = Double(value) * (segments[index].to.doubleValue - segments[index].from.doubleValue)
                    #expect(abs(Double(parts[index]) - exact) <= Double(count), "seed \(seed)")
                }
                previous = parts
            }
            let big = Int(rng.next() % 1_000_000_000_000)
            #expect(segments.map { $0.scale(big) }.reduce(0, +) == big, "seed \(seed)")
        }
    }

    @Test func roundTripsThroughJSON() throws {
        let segment = try ExecutionSegment.fromWeights([2, 3, 5])[1]
        let decoded = try JSONDecoder().decode(ExecutionSegment.self, from: try JSONEncoder().encode(segment))
        #expect(decoded == segment)
        #expect(decoded.scale(100) == segment.scale(100))
        let bad = Data(#"{"from":{"numerator":1,"denominator":2},"to":{"numerator":1,"denominator":3},"sequence":[]}"#.utf8)
        // Decoding takes the fields as sent; the spec check refuses the segment (bad_spec).
        var spec = RunSpec(url: "http://x/", vus: 1, durationMicros: 1_000_000)
        spec.executor = .constantVUs(vus: 1, durationMicros: 1_000_000)
        spec.segment = try JSONDecoder().decode(ExecutionSegment.self, from: bad)
        do { try spec.validate(); Issue.record("an invalid segment passed") } catch { #expect(error.field == "spec.segment") }
    }
}
