/// One stage of a ramping executor: move linearly to ``target`` over ``durationMicros``
/// (k6's `stages: [{ duration: '30s', target: 100 }]`). The target is VUs for `ramping-vus` and
/// iterations per time unit for `ramping-arrival-rate`.
public struct Stage: Sendable, Equatable, Codable, CustomStringConvertible {
    enum CodingKeys: String, CodingKey {
        case durationMicros = "duration_micros"
        case target
    }

    public var durationMicros: Int64
    public var target: Int

    public init(durationMicros: Int64, target: Int) {
        self.durationMicros = durationMicros
        self.target = target
    }

    /// `30s:100`.
    public var description: String {
        DurationFormatter.format(.microseconds(durationMicros)) + ":\(target)"
    }

    /// Parses `--stages 30s:100,1m:1000`: comma-separated `<duration>:<target>` pairs, durations as
    /// ``DurationParser`` reads them, targets whole numbers of at least 0.
    /// - Throws: ``ExecutorConfigError/invalidStage(_:reason:)`` naming the first bad stage.
    public static func parseList(_ text: String) throws(ExecutorConfigError) -> [Stage] {
        guard !text.trimmingWhitespace().isEmpty else { throw .invalidStage(text, reason: "no stages") }
        var stages: [Stage] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = part.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
            guard pair.count == 2 else { throw .invalidStage(String(part), reason: "not <duration>:<target>") }
            let duration: Duration
            do {
                duration = try DurationParser.parse(pair[0])
            } catch {
                throw .invalidStage(String(part), reason: "'\(pair[0])' is not a duration")
            }
            guard let target = Int(pair[1]), target >= 0 else {
                throw .invalidStage(String(part), reason: "the target '\(pair[1])' is not a whole number >= 0")
            }
            stages.append(Stage(durationMicros: duration.microseconds, target: target))
        }
        return stages
    }
}
