import Foundation
import Testing
import Histogram
@testable import BarrageCore

/// One case of `Fixtures/hdrhistogram-v2.json`, encoded by the Python `hdrhistogram` package.
struct HdrFixture: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let lowestDiscernibleValue: UInt64
    let highestTrackableValue: UInt64
    let significantDigits: Int8
    /// `[value, count]` pairs.
    let recorded: [[UInt64]]
    let encodedV2CompressedBase64: String
    let totalCount: UInt64
    let min: UInt64
    let max: UInt64
    let p50: UInt64
    let p90: UInt64
    let p99: UInt64

    var testDescription: String { name }

    private struct File: Decodable { let cases: [HdrFixture] }

    /// Every case; empty only if the resource is missing, which `fixturesArePresent` catches.
    static let all: [HdrFixture] = (try? load()) ?? []

    static func load() throws -> [HdrFixture] {
        guard let url = Bundle.module.url(forResource: "hdrhistogram-v2", withExtension: "json", subdirectory: "Fixtures")
        else { throw CocoaError(.fileNoSuchFile) }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(File.self, from: Data(contentsOf: url)).cases
    }

    /// A histogram with the fixture's layout and its recorded values.
    func makeReference() -> Histogram<UInt64> {
        var histogram = Histogram<UInt64>(
            lowestDiscernibleValue: lowestDiscernibleValue,
            highestTrackableValue: highestTrackableValue,
            numberOfSignificantValueDigits: SignificantDigits(rawValue: significantDigits) ?? .three)
        for pair in recorded { histogram.record(pair[0], count: pair[1]) }
        return histogram
    }
}

/// Helpers to look inside histograms through their public API.
enum HdrInspect {
    /// Count per bucket, keyed by the bucket's lowest value.
    static func buckets(_ histogram: Histogram<UInt64>) -> [UInt64: UInt64] {
        var result: [UInt64: UInt64] = [:]
        for value in histogram.recordedValues() {
            result[histogram.lowestEquivalentForValue(value.value), default: 0] += value.count
        }
        return result
    }

    /// Value at a percentile as the Python/C HdrHistogram computes it: the target count is rounded
    /// to nearest (not up, as hdrhistogram-swift does) and the bucket's highest value is reported.
    static func pythonValueAtPercentile(_ histogram: Histogram<UInt64>, _ percentile: Double) -> UInt64 {
        let target = Swift.max(UInt64(percentile * Double(histogram.totalCount) / 100 + 0.5), 1)
        var total: UInt64 = 0
        for value in histogram.recordedValues() {
            total += value.count
            if total >= target { return histogram.highestEquivalentForValue(value.value) }
        }
        return 0
    }

    /// hdrhistogram-swift's value at a percentile, widened to the bucket's highest value.
    static func swiftValueAtPercentile(_ histogram: Histogram<UInt64>, _ percentile: Double) -> UInt64 {
        histogram.totalCount == 0 ? 0 : histogram.highestEquivalentForValue(histogram.valueAtPercentile(percentile))
    }
}

/// Core's SplitMix64, so failing random tests can be replayed from the printed seed.
typealias SeededGenerator = SplitMix64

extension SplitMix64 {
    /// A generator with a fresh seed, printed so a failure can be reproduced.
    static func fresh(_ label: String) -> SplitMix64 {
        let seed = UInt64.random(in: .min ... .max)
        print("\(label): seed \(seed)")
        return SplitMix64(seed: seed)
    }
}
