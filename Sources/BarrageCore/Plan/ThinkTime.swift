/// The pause a VU takes after each iteration: fixed (`1s`) or uniform over a range (`500ms..1500ms`).
public enum ThinkTime: Sendable, Equatable, CustomStringConvertible {
    case fixed(micros: Int64)
    case uniform(minMicros: Int64, maxMicros: Int64)

    public static let none = ThinkTime.fixed(micros: 0)

    /// Parses `1s`, `0`, or `500ms..1500ms`.
    public static func parse(_ text: String) throws(DurationParseError) -> ThinkTime {
        let parts = text.split(separator: "..", omittingEmptySubsequences: false)
        if parts.count == 2 {
            let low = try DurationParser.parse(String(parts[0])).microseconds
            let high = try DurationParser.parse(String(parts[1])).microseconds
            guard low <= high else { throw .invalid(text) }
            return .uniform(minMicros: low, maxMicros: high)
        }
        return .fixed(micros: try DurationParser.parse(text).microseconds)
    }

    /// The think time for one iteration; `unit` is a uniform random number in [0, 1).
    @inlinable
    public func micros(unit: Double) -> Int64 {
        switch self {
        case .fixed(let micros): return micros
        case .uniform(let low, let high): return low + Int64(Double(high - low) * unit)
        }
    }

    /// The mean think time, µs.
    public var meanMicros: Double {
        switch self {
        case .fixed(let micros): return Double(micros)
        case .uniform(let low, let high): return Double(low + high) / 2
        }
    }

    public var description: String {
        switch self {
        case .fixed(let micros): return DurationFormatter.format(.microseconds(micros))
        case .uniform(let low, let high):
            return DurationFormatter.format(.microseconds(low)) + ".." + DurationFormatter.format(.microseconds(high))
        }
    }
}
