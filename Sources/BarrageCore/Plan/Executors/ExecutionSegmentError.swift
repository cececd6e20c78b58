/// Why an execution segment, its sequence or a fraction was rejected.
public enum ExecutionSegmentError: Error, Sendable, Equatable, CustomStringConvertible {
    case zeroDenominator(String)
    case invalidRational(String)
    /// Not `0 <= from < to <= 1`.
    case invalidBounds(String)
    case invalidSequence(String)
    case notInSequence(segment: String, sequence: String)
    case denominatorTooLarge(String)
    case badWeight(index: Int, weight: Double)

    public var description: String {
        switch self {
        case .zeroDenominator(let text):
            return "invalid fraction '\(text)': the denominator must not be 0"
        case .invalidRational(let text):
            return "invalid fraction '\(text)': expected a fraction or decimal, e.g. 1/3, 0.25, 1"
        case .invalidBounds(let text):
            return "invalid execution segment '\(text)': expected <from>:<to> with 0 <= from < to <= 1, e.g. 1/3:2/3"
        case .invalidSequence(let text):
            return "invalid execution segment sequence '\(text)': expected increasing values from 0 to 1, e.g. 0,1/3,2/3,1"
        case .notInSequence(let segment, let sequence):
            return "execution segment '\(segment)' is not one of the segments of the sequence '\(sequence)'"
        case .denominatorTooLarge(let text):
            return "execution segment sequence '\(text)' has denominators whose common multiple does not fit 64 bits"
        case .badWeight(let index, let weight):
            return "segment \(index + 1) has weight \(weight), but weights must be positive numbers"
        }
    }
}
