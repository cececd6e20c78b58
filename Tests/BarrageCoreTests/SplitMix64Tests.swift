import Testing

@testable import BarrageCore

struct SplitMix64Tests {
    @Test func matchesTheReferenceSequenceForSeed1234567() {
        // Rosetta Code, "Pseudo-random numbers/Splitmix64".
        var rng = SplitMix64(seed: 1_234_567)
        let expected: [UInt64] = [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ]
        #expect((0..<5).map { _ in rng.next() } == expected)
    }

    @Test func matchesTheReferenceFirstOutputForSeedZero() {
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test func boundedValuesStayInRange() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<10_000 {
            #expect((0..<7).contains(rng.next(below: 7)))
            #expect((200...500).contains(rng.next(in: 200...500)))
        }
    }
}
