/// How often one named check passed and failed.
public struct CheckTally: Codable, Sendable, Equatable {
    public var passes: UInt64
    public var fails: UInt64

    public init(passes: UInt64 = 0, fails: UInt64 = 0) {
        self.passes = passes
        self.fails = fails
    }

    public mutating func add(_ other: CheckTally) {
        passes = passes.addingSaturating(other.passes)
        fails = fails.addingSaturating(other.fails)
    }
}
