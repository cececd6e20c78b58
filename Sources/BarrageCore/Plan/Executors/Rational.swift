/// An exact fraction with `Int64` parts, always reduced and with a positive denominator.
///
/// Small on purpose: execution segments need exact boundaries (`1/3` is not a `Double`), ordering,
/// and a common denominator; nothing else.
public struct Rational: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let numerator: Int64
    public let denominator: Int64

    /// `numerator / denominator`, reduced by their gcd.
    /// - Throws: ``ExecutionSegmentError/zeroDenominator`` when `denominator` is 0.
    public init(_ numerator: Int64, _ denominator: Int64 = 1) throws(ExecutionSegmentError) {
        guard denominator != 0, numerator != .min, denominator != .min else {
            throw .zeroDenominator("\(numerator)/\(denominator)")
        }
        let divisor = Swift.max(Self.gcd(numerator, denominator), 1)
        let sign: Int64 = denominator < 0 ? -1 : 1
        self.numerator = sign * numerator / divisor
        self.denominator = sign * denominator / divisor
    }

    /// An already reduced fraction with a positive denominator (for constants).
    init(reduced numerator: Int64, _ denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public static let zero = Rational(reduced: 0, 1)
    public static let one = Rational(reduced: 1, 1)

    /// `1/3`, or `2` for whole numbers.
    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }

    public var doubleValue: Double { Double(numerator) / Double(denominator) }

    /// Parses `1/3`, `0.25` (decimal fractions up to 9 places) or `1`.
    /// - Throws: ``ExecutionSegmentError/invalidRational(_:)``.
    public static func parse(_ text: String) throws(ExecutionSegmentError) -> Rational {
        let trimmed = text.trimmingWhitespace()
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2 {
            guard let n = Int64(parts[0]), let d = Int64(parts[1]), d != 0 else { throw .invalidRational(text) }
            return try Rational(n, d)
        }
        let decimal = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 1, decimal.count <= 2, let whole = Int64(decimal[0].isEmpty ? "0" : decimal[0]) else {
            throw .invalidRational(text)
        }
        guard decimal.count == 2 else { return try Rational(whole) }
        let digits = decimal[1]
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isASCII), let fraction = Int64(digits),
              whole >= 0, whole < 1_000_000_000 else { throw .invalidRational(text) }
        var scale: Int64 = 1
        for _ in 0..<digits.count { scale *= 10 }
        return try Rational(whole * scale + fraction, scale)
    }

    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        // Compare a/b < c/d as a*d < c*b in 128 bits, since the products may not fit 64.
        Int128(lhs.numerator) * Int128(rhs.denominator) < Int128(rhs.numerator) * Int128(lhs.denominator)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let numerator = try container.decode(Int64.self, forKey: .numerator)
        let denominator = try container.decode(Int64.self, forKey: .denominator)
        self = try Rational(numerator, denominator)
    }

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (a.magnitude, b.magnitude)
        while y != 0 { (x, y) = (y, x % y) }
        return Int64(x)
    }

    static func lcm(_ a: Int64, _ b: Int64) -> Int64? {
        let (product, overflow) = (a / gcd(a, b)).multipliedReportingOverflow(by: b)
        return overflow ? nil : product
    }
}
