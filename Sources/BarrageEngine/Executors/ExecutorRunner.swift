import BarrageCore

/// The running side of one k6 executor inside one ``EventLoop``: which VUs start iterations, and
/// when. One class per executor, each in its own file (as `grafana/k6:lib/executor/` has one file
/// per executor); their pure configuration and schedule stay in Core (``ExecutorConfig``,
/// ``LoopSchedule``).
///
/// A runner belongs to its loop's thread. It is a class so that calling it while it calls back into
/// the loop (``EventLoop/startIteration(_:)``) is not an overlapping access to a loop property.
protocol ExecutorRunner: AnyObject {
    /// Starts the first iterations at the run's start instant.
    func begin(_ loop: any VUPool)

    /// Called on each pass of the loop while iterations may still start.
    /// - Returns: the monotonic µs of the next pass this runner needs (`.max`: none).
    func poll(_ loop: any VUPool) -> Int64

    /// The active window is over: start what was planned before its end, then nothing more.
    func windowEnded(_ loop: any VUPool)

    /// Whether VU `index` may start another iteration (shared-iterations takes one from its pool).
    func claimIteration(_ index: Int) -> Bool

    /// What VU `index` does after finishing an iteration while iterations may still start.
    func next(after index: Int, loop: any VUPool) -> ExecutorStep

    /// VU `index` left its iteration and is free for another (arrival-rate pools).
    func vuBecameIdle(_ index: Int)

    /// The loop is over once no VU is in an iteration (iteration executors).
    var endsWhenIdle: Bool { get }
}

/// A VU's next move after an iteration.
enum ExecutorStep {
    /// Start another iteration now.
    case iterate
    /// Wait, idle, until the runner starts it again.
    case idle
    /// Run no more iterations.
    case done
}

extension ExecutorRunner {
    func poll(_ loop: any VUPool) -> Int64 { .max }
    func windowEnded(_ loop: any VUPool) {}
    func claimIteration(_ index: Int) -> Bool { true }
    func vuBecameIdle(_ index: Int) {}
    var endsWhenIdle: Bool { false }
}

/// The runner for a schedule's executor.
enum ExecutorRunners {
    static func make(_ schedule: LoopSchedule) -> any ExecutorRunner {
        switch schedule.config {
        case .constantVUs: return ConstantVUsRunner()
        case .rampingVUs: return RampingVUsRunner(schedule: schedule)
        case .constantArrivalRate: return ConstantArrivalRateRunner(schedule: schedule)
        case .rampingArrivalRate: return RampingArrivalRateRunner(schedule: schedule)
        case .perVUIterations(_, let iterations, _): return PerVUIterationsRunner(iterations: iterations)
        case .sharedIterations: return SharedIterationsRunner(total: schedule.totalIterations ?? 0)
        }
    }
}
