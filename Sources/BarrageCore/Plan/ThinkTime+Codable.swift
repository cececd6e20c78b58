/// The wire form of ``ThinkTime``: `{"fixed_micros": N}` or `{"min_micros": N, "max_micros": N}`.
///
/// Flat objects keep the JSON readable in docs/PROTOCOL.md; the synthesized form of an enum with
/// associated values (`{"fixed": {"micros": N}}`) does not.
extension ThinkTime: Codable {
    enum CodingKeys: String, CodingKey {
        case fixedMicros = "fixed_micros"
        case minMicros = "min_micros"
        case maxMicros = "max_micros"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let micros = try container.decodeIfPresent(Int64.self, forKey: .fixedMicros) {
            guard micros >= 0 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .fixedMicros, in: container,
                    debugDescription: "must be at least 0, but is \(micros)")
            }
            self = .fixed(micros: micros)
            return
        }
        guard container.contains(.minMicros) || container.contains(.maxMicros) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath,
                debugDescription: #"expected {"fixed_micros": N} or {"min_micros": N, "max_micros": N}"#))
        }
        let low = try container.decode(Int64.self, forKey: .minMicros)
        let high = try container.decode(Int64.self, forKey: .maxMicros)
        guard low >= 0, low <= high else {
            throw DecodingError.dataCorruptedError(
                forKey: .maxMicros, in: container,
                debugDescription: "the range must satisfy 0 <= min_micros <= max_micros, but is \(low)..\(high)")
        }
        self = .uniform(minMicros: low, maxMicros: high)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .fixed(let micros):
            try container.encode(micros, forKey: .fixedMicros)
        case .uniform(let low, let high):
            try container.encode(low, forKey: .minMicros)
            try container.encode(high, forKey: .maxMicros)
        }
    }
}
