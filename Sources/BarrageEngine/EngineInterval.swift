import BarrageCore

/// Everything the loops reported between two ``Engine/collect()`` calls, each report merged
/// once: the agent sends it as one sample without buffering it again.
public struct EngineInterval: Sendable {
    /// Histograms appear as loops report them: an empty interval allocates none.
    public var metrics = MetricsSnapshot()
    public var activeVUs = 0
    /// VUs allocated at the end of the interval, over all loops (0 when no loop reported).
    public var allocatedVUs = 0
    public var maxLagMicros: Int64 = 0
    /// The earliest instant a loop started its VUs, once one has (kept in every later interval).
    public var startedAtWallMicros: Int64?
    /// Every loop has finished: the run is over on this machine.
    public var finished = false
    /// Set in the one interval in which a data set with `onExhausted: stopTest` was first seen
    /// running out: which one, for the coordinator to stop the whole test.
    public var stopTest: String?
    /// What the VU of a setup or teardown extracted (``Engine/init(spec:data:connectPolicy:capturesValues:)``).
    public var values: [String: String]?
    /// Cookies dropped from VUs' jars over their bounds in the interval, over all loops.
    public var cookiesDropped: UInt64 = 0

    public init() {}
}
