/// A tiny deterministic pseudo-random generator (Steele, Lea and Flood's SplitMix64).
///
/// ``FeedPage`` uses it instead of `SystemRandomNumberGenerator` or the standard library's
/// `random(in:using:)`, whose algorithms may differ between Swift versions: the same seed must give
/// the same bytes on every machine, so the load tester's byte counts are comparable across runs.
struct SplitMix64 {
    private var state: UInt64

    /// Creates a generator whose sequence is fully determined by `seed`.
    init(seed: UInt64) {
        self.state = seed
    }

    /// Returns the next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Returns a value in `0..<upperBound` (plain modulo: the tiny bias is irrelevant for filler text).
    /// - Parameter upperBound: must be positive.
    mutating func next(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "upperBound must be positive")
        return Int(next() % UInt64(upperBound))
    }

    /// Returns a value in `range`.
    mutating func next(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + next(below: range.count)
    }
}
