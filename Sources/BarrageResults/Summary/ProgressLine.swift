import BarrageCore

/// The one-line live status printed each second during a run.
///
/// `running (0m05.0s/3m0s) [=====>     ]  1000/1000 VUs  4823 iterations done  4998 reqs  998.2 req/s  p95(10s)=12.3ms  0 failed`
///
/// Every figure comes from the agents' latest samples: the totals (requests, completed iterations,
/// failed) are the sums so far, the rate and VUs those of the latest second, and p95 is over the
/// last ``p95WindowSeconds`` (a person watching wants "now", not the average since the start).
/// Iterations count when they end, so with think time the requests run ahead of them: both are
/// shown, so `0 iterations` next to `1000 req/s` reads as what it is.
public struct ProgressLine: Sendable, Equatable {
    /// The window p95 covers, in seconds; the line labels it `p95(10s)`.
    public static let p95WindowSeconds = 10

    public var elapsedMicros: Int64
    public var plannedMicros: Int64
    public var activeVUs: Int
    public var plannedVUs: Int
    /// Iterations completed so far.
    public var iterations: UInt64
    /// Requests completed so far.
    public var requests: UInt64
    public var requestsPerSecond: Double
    /// p95 of http_req_duration over the last ``p95WindowSeconds``.
    public var p95Micros: UInt64
    /// Failed requests so far (http_req_failed).
    public var errors: UInt64
    public var agents: Int?

    public init(
        elapsedMicros: Int64, plannedMicros: Int64, activeVUs: Int, plannedVUs: Int, iterations: UInt64, requests: UInt64 = 0,
        requestsPerSecond: Double, p95Micros: UInt64, errors: UInt64, agents: Int? = nil
    ) {
        self.elapsedMicros = elapsedMicros
        self.plannedMicros = plannedMicros
        self.activeVUs = activeVUs
        self.plannedVUs = plannedVUs
        self.iterations = iterations
        self.requests = requests
        self.requestsPerSecond = requestsPerSecond
        self.p95Micros = p95Micros
        self.errors = errors
        self.agents = agents
    }

    /// The line, fitted to `width` columns when given (a terminal): the bar shrinks first, then
    /// the least needed figures go, so it never wraps (a wrapped line leaves debris when redrawn
    /// in place).
    /// - Parameters:
    ///   - barWidth: width of the progress bar, or 0 for none (stderr not a terminal).
    ///   - width: the terminal's columns; nil for no limit (logs).
    public func render(barWidth: Int = 0, width: Int? = nil) -> String {
        // Parts in the order shown, each with the rank it is dropped in (higher goes first).
        var parts: [(text: String, dropRank: Int)] = [
            ("\(activeVUs)/\(plannedVUs) VUs", 3),
            ("\(iterations) iterations done", 5),
            ("\(requests) reqs", 4),
            (DecimalFormatter.padded(requestsPerSecond, decimals: 1) + " req/s", 1),
            ("p95(\(Self.p95WindowSeconds)s)=" + DurationFormatter.format(micros: Double(p95Micros)), 2),
            ("\(errors) failed", 0),
        ]
        if let agents { parts.insert(("on \(agents) agent" + (agents == 1 ? "" : "s"), 6), at: 1) }
        let head = "running (\(Self.clock(elapsedMicros))/\(Self.clock(plannedMicros)))"
        func line(bar: Int) -> String {
            var text = head
            if bar > 0 { text += " " + Self.bar(elapsedMicros: elapsedMicros, plannedMicros: plannedMicros, width: bar) }
            return ([text] + parts.map(\.text)).joined(separator: "  ")
        }
        guard let width else { return line(bar: barWidth) }
        // One column spare: writing the last column makes some terminals wrap at once.
        let limit = max(width - 1, 1)
        let minimumBar = 10
        var bar = barWidth
        while line(bar: bar).count > limit {
            if bar > minimumBar {
                bar = max(minimumBar, bar - (line(bar: bar).count - limit))
            } else if bar > 0 {
                bar = 0
            } else if let drop = parts.indices.max(by: { parts[$0].dropRank < parts[$1].dropRank }), parts.count > 1 {
                parts.remove(at: drop)
            } else {
                return String(line(bar: 0).prefix(limit))
            }
        }
        return line(bar: bar)
    }

    /// `[=====>     ]`, `width` columns inside the brackets.
    static func bar(elapsedMicros: Int64, plannedMicros: Int64, width: Int) -> String {
        let fraction = plannedMicros > 0 ? min(max(Double(elapsedMicros) / Double(plannedMicros), 0), 1) : 0
        let filled = Int(fraction * Double(width))
        return "[" + String(repeating: "=", count: filled) + (filled < width ? ">" : "")
            + String(repeating: " ", count: max(width - filled - 1, 0)) + "]"
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
