/// What an ``ExecutorRunner`` may do with a loop's VUs: start, interrupt and ramp them, and see
/// the loop's clock. Runners never touch a ``VirtualUser`` directly; ``EventLoop`` is the pool.
protocol VUPool: AnyObject {
    /// The current pass's monotonic µs.
    var now: Int64 { get }
    /// Monotonic µs of the run's start.
    var runStart: Int64 { get }
    /// The VUs allocated so far.
    var vuCount: Int { get }
    /// Starts an iteration on VU `index`, `latenessMicros` behind its schedule (arrival rates).
    func startIteration(_ index: Int, latenessMicros: Int64)
    func isInIteration(_ index: Int) -> Bool
    /// When VU `index`'s running iteration is interrupted (`.max`: never).
    func retireAt(_ index: Int) -> Int64
    func setRetireAt(_ index: Int, micros: Int64)
    /// Ends VU `index`'s iteration now, uncounted.
    func interrupt(_ index: Int)
    func iterationsDone(_ index: Int) -> Int
    /// An arrival-rate runner's new VU; nil when none can be made.
    func addVUForArrivals() -> Int?
    /// Counts iterations an arrival-rate runner could not start.
    func dropIterations(_ count: Int)
}

extension VUPool {
    func startIteration(_ index: Int) { startIteration(index, latenessMicros: 0) }
}
