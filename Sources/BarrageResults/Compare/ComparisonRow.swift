import BarrageCore

/// One line of `coord compare`: a figure of the base run beside the same figure of the new run.
public struct ComparisonRow: Sendable, Equatable {
    /// How a figure is shown.
    public enum Unit: Sendable, Equatable {
        /// Milliseconds, shown as a duration.
        case milliseconds
        /// A fraction, shown as a percentage.
        case fraction
        case bytes
        case count
        case perSecond
    }

    /// What the user reads, e.g. `http_req_duration p(95)`.
    public var label: String
    public var metric: String
    public var stat: String
    public var unit: Unit
    /// Whether a larger value is the worse one (durations, failures) or the better one (throughput).
    public var higherIsWorse: Bool
    public var base: Double?
    public var new: Double?

    /// A change in the worse direction larger than this fraction of the base is a regression.
    public static let regressionTolerance = 0.05

    public init(label: String, metric: String, stat: String, unit: Unit, higherIsWorse: Bool, base: Double?, new: Double?) {
        self.label = label
        self.metric = metric
        self.stat = stat
        self.unit = unit
        self.higherIsWorse = higherIsWorse
        self.base = base
        self.new = new
    }

    /// new - base, or nil when either is missing.
    public var delta: Double? {
        guard let base, let new else { return nil }
        return new - base
    }

    /// (new - base) / base, or nil when either is missing or the base is 0.
    public var relativeDelta: Double? {
        guard let base, let delta, base != 0 else { return nil }
        return delta / base
    }

    /// Worse by more than ``regressionTolerance`` of the base (any worsening from a base of 0).
    public var isRegression: Bool {
        guard let delta, delta != 0, (delta > 0) == higherIsWorse else { return false }
        guard let relative = relativeDelta else { return true }
        return abs(relative) > Self.regressionTolerance
    }

    /// Better by more than ``regressionTolerance`` of the base.
    public var isImprovement: Bool {
        guard let delta, delta != 0, (delta > 0) != higherIsWorse else { return false }
        guard let relative = relativeDelta else { return true }
        return abs(relative) > Self.regressionTolerance
    }
}
