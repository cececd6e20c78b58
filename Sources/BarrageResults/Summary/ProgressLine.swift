import BarrageCore

/// The one-line live status printed each second during a run.
///
/// `running (0m05.0s/3m0s) [=====>     ]  1000/1000 VUs  4823 iterations  998.2 req/s  p95=12.3ms  errors 0`
public struct ProgressLine: Sendable, Equatable {
    public var elapsedMicros: Int64
    public var plannedMicros: Int64
    public var activeVUs: Int
    public var plannedVUs: Int
    public var iterations: UInt64
    public var requestsPerSecond: Double
    public var p95Micros: UInt64
    public var errors: UInt64
    public var agents: Int?

    public init(
        elapsedMicros: Int64, plannedMicros: Int64, activeVUs: Int, plannedVUs: Int, iterations: UInt64,
        requestsPerSecond: Double, p95Micros: UInt64, errors: UInt64, agents: Int? = nil
    ) {
        self.elapsedMicros = elapsedMicros
        self.plannedMicros = plannedMicros
        self.activeVUs = activeVUs
        self.plannedVUs = plannedVUs
        self.iterations = iterations
        self.requestsPerSecond = requestsPerSecond
        self.p95Micros = p95Micros
        self.errors = errors
        self.agents = agents
    }

    /// - Parameter barWidth: width of the progress bar, or 0 for none (stderr not a terminal).
    public func render(barWidth: Int = 0) -> String {
        var text = "running (\(Self.clock(elapsedMicros))/\(Self.clock(plannedMicros)))"
        if barWidth > 0 {
            let fraction = plannedMicros > 0 ? min(Double(elapsedMicros) / Double(plannedMicros), 1) : 0
            let filled = Int(fraction * Double(barWidth))
            text += " [" + String(repeating: "=", count: filled) + (filled < barWidth ? ">" : "")
                + String(repeating: " ", count: max(barWidth - filled - 1, 0)) + "]"
        }
        text += "  \(activeVUs)/\(plannedVUs) VUs"
        if let agents { text += " on \(agents) agent" + (agents == 1 ? "" : "s") }
        text += "  \(iterations) iterations  " + DecimalFormatter.padded(requestsPerSecond, decimals: 1) + " req/s"
        text += "  p95=" + DurationFormatter.format(micros: Double(p95Micros))
        text += "  errors \(errors)"
        return text
    }

    /// k6's elapsed-time style: `0m05.0s`, `3m0s` for whole minutes.
    static func clock(_ micros: Int64) -> String {
        let tenths = max(micros, 0) / 100_000
        let minutes = tenths / 600
        let secondsTenths = tenths % 600
        let seconds = secondsTenths / 10
        let fraction = secondsTenths % 10
        return "\(minutes)m" + (seconds < 10 ? "0" : "") + "\(seconds).\(fraction)s"
    }
}
