import Foundation

/// How many random cases a property test runs, and from which seed.
///
/// A unit run (CI) takes a fixed seed and a small count: fast, and a failure reproduces as it is.
/// The volume these tests once ran in every CI build (thousands of frames decoded twice) is a
/// soak: `BARRAGE_SOAK=N` runs N times the cases from fresh seeds, printed so a failure can be
/// replayed (`Benchmarks/soak.sh`).
public enum PropertyRounds {
    /// `BARRAGE_SOAK`, 1...10000; nil in a unit run.
    public static let soak: Int? = {
        guard let text = ProcessInfo.processInfo.environment["BARRAGE_SOAK"], let times = Int(text),
            (1...10_000).contains(times)
        else { return nil }
        return times
    }()

    /// `fixed` in a unit run; in a soak a fresh seed, printed with `label`.
    public static func seed(_ label: String, fixed: UInt64) -> UInt64 {
        guard soak != nil else { return fixed }
        let seed = UInt64.random(in: 1...UInt64.max)
        print("\(label): seed \(seed)")
        return seed
    }

    /// `unit` cases in a unit run, `unit` times `BARRAGE_SOAK` in a soak.
    public static func count(_ unit: Int) -> Int { unit * (soak ?? 1) }
}
