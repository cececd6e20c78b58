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
        do {
            return .fixed(micros: try DurationParser.parse(text).microseconds)
        } catch {
            // `1s-2s` is a range written as other tools write one: say how to write it here.
            let halves = text.split(separator: "-", omittingEmptySubsequences: false)
            if halves.count == 2, (try? DurationParser.parse(String(halves[0]))) != nil,
                (try? DurationParser.parse(String(halves[1]))) != nil {
                throw .dashRange(text, low: String(halves[0]), high: String(halves[1]))
            }
            throw error
        }
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
