/// The search of `coord capacity` as a pure state machine: each step's result goes in, the next
/// rate to try (or the verdict) comes out. It runs nothing and reads no clock, so every path is
/// tested with a fake system answering per rate.
///
/// Rates grow geometrically from ``Settings/startRate`` until a step does not pass, then bisect
/// between the last rate that passed and the first that did not until they are within
/// ``Settings/precision`` of each other. A step the load generator could not carry counts as not
/// passing (its rate says nothing about the target), and when the bracket's upper end is such a
/// step the verdict says `limit: load-generator`: the rate found is a lower bound of the target's
/// capacity. A failing step (the target's or the load generator's) is run again once before it
/// counts (``Settings/confirmFailures``), so one noisy second does not pull the answer down for
/// the rest of the search.
public struct CapacitySearch: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Iterations per second of the first step.
        public var startRate: Int
        /// The highest rate tried; passing it ends the search with `limit: max-rate`.
        public var maxRate: Int
        /// How close the last pass and first fail must be, relative to the last pass (0.05 = 5%).
        public var precision: Double
        /// Growth factor between steps until the first failure.
        public var growth: Double = 2
        /// Repeat a failing step once and count it only if it fails again.
        public var confirmFailures = true
        /// A bound on steps, whatever happens.
        public var maxSteps = 60

        public init(startRate: Int = 10, maxRate: Int = 100_000, precision: Double = 0.05) {
            self.startRate = startRate
            self.maxRate = maxRate
            self.precision = precision
        }
    }

    /// What to do next.
    public enum Decision: Sendable, Equatable {
        /// Run a step at this many iterations per second.
        case run(rate: Int)
        /// The search is over.
        case done(CapacityVerdict)
    }

    public let settings: Settings
    /// Every step measured, in order.
    public private(set) var steps: [CapacityStep] = []
    /// The highest rate that passed, and the lowest that did not (its step).
    public private(set) var lastPass: CapacityStep?
    public private(set) var firstFail: CapacityStep?
    /// The rate asked of the step now running.
    public private(set) var current: Int
    /// The step now running repeats a failure at the same rate.
    private var confirming: CapacityStep?
    public private(set) var verdict: CapacityVerdict?

    public init(settings: Settings) {
        self.settings = settings
        current = max(1, min(settings.startRate, settings.maxRate))
    }

    /// The first decision: the start rate.
    public func start() -> Decision { .run(rate: current) }

    /// Takes the result of the step just run (at ``current``) and decides what comes next.
    public mutating func record(_ step: CapacityStep) -> Decision {
        if let verdict { return .done(verdict) }
        steps.append(step)
        if step.passed {
            confirming = nil
            if lastPass.map({ step.rate > $0.rate }) ?? true { lastPass = step }
        } else if settings.confirmFailures, confirming == nil, steps.count < settings.maxSteps {
            // Once more at the same rate before the failure counts: a generator-limited one too,
            // since a busy machine's hiccup (CPU, a slow second on the link) looks like one.
            confirming = step
            return .run(rate: current)
        } else {
            confirming = nil
            if firstFail.map({ step.rate < $0.rate }) ?? true { firstFail = step }
        }
        return decide()
    }

    /// Ends the search early (Ctrl-C) with what was found so far.
    public mutating func interrupt() -> CapacityVerdict {
        if let verdict { return verdict }
        let ended = conclude(interrupted: true)
        verdict = ended
        return ended
    }

    private mutating func decide() -> Decision {
        let passRate = lastPass?.rate ?? 0
        if let firstFail {
            let gap = firstFail.rate - passRate
            if gap <= 1 || (passRate > 0 && Double(gap) <= settings.precision * Double(passRate)) || steps.count >= settings.maxSteps {
                return finish()
            }
            current = passRate + gap / 2
            return .run(rate: current)
        }
        if passRate >= settings.maxRate || steps.count >= settings.maxSteps { return finish() }
        let grown = Double(passRate) * settings.growth
        current = grown >= Double(settings.maxRate) ? settings.maxRate : max(passRate + 1, Int(grown.rounded()))
        return .run(rate: current)
    }

    private mutating func finish() -> Decision {
        let ended = conclude(interrupted: false)
        verdict = ended
        return .done(ended)
    }

    private func conclude(interrupted: Bool) -> CapacityVerdict {
        let limit: CapacityVerdict.Limit
        if let firstFail {
            limit = firstFail.isGeneratorLimited ? .loadGenerator : .target
        } else {
            limit = (lastPass?.rate ?? 0) >= settings.maxRate ? .maxRate : .unknown
        }
        return CapacityVerdict(
            sustainable: lastPass, breaking: firstFail, limit: limit, steps: steps.count, interrupted: interrupted)
    }
}
