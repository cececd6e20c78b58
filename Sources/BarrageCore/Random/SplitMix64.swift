/// A tiny deterministic pseudo-random generator (Steele, Lea and Flood's SplitMix64).
///
/// Used where the same seed must give the same numbers on every machine and Swift version (the demo
/// target's feed page, whose byte counts runs compare; property tests that print their seed) and
/// where a VU's think-time jitter needs a fast generator owned by one event loop. As a
/// `RandomNumberGenerator` it also drives `Int.random(in:using:)` and `shuffled(using:)` in tests.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator whose sequence is fully determined by `seed`.
    public init(seed: UInt64) {
        self.state = seed
    }

    /// Returns the next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Returns a value in `0..<upperBound` (plain modulo: the tiny bias is irrelevant for filler text).
    /// - Parameter upperBound: must be positive.
    public mutating func next(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "upperBound must be positive")
        return Int(next() % UInt64(upperBound))
    }

    /// Returns a value in `range`.
    public mutating func next(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + next(below: range.count)
    }

    /// Uniform in [0, 1).
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
