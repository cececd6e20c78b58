import ArgumentParser
import BarrageCore
import BarrageResults

/// The gates of `coord compare` (and of `coord run --baseline`).
struct CompareOptions: ParsableArguments {
    @Option(name: .customLong("threshold"), parsing: .singleValue,
            help: "A criterion on the new run against the base, e.g. 'http_req_duration:p(95)<+10%' (relative), '<+50' (a delta) or '<500' (absolute) (repeatable); exit 99 if any fails.")
    var thresholdFlags: [String] = []

    mutating func validate() throws {
        for flag in thresholdFlags {
            do { _ = try CompareThreshold.parse(flag) } catch { throw ValidationError(error.description) }
        }
    }

    /// The parsed thresholds (validated already).
    func thresholds() -> [CompareThreshold] {
        thresholdFlags.compactMap { try? CompareThreshold.parse($0) }
    }
}
