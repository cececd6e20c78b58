/// Caps on flows, from a file or a `prepare` (docs/PROTOCOL.md, Field ranges): far above any
/// real test, low enough that a hostile one cannot exhaust memory, stack or CPU.
public enum FlowLimits {
    /// Named flows per test.
    public static let maxFlows = 64
    /// Steps in one flow, nested ones included.
    public static let maxStepsPerFlow = 1_000
    /// Levels of nesting (steps in steps, and flow calls).
    public static let maxDepth = 32
    /// Instructions one compiled flow may expand to (flow calls are inlined).
    public static let maxInstructions = 65_536
    /// Branches of one `random:`.
    public static let maxBranches = 100
    /// A branch's weight.
    public static let weights: ClosedRange<Int> = 0...1_000_000
    /// A loop's `count` and a while loop's `max`.
    public static let loopCounts: ClosedRange<Int> = 0...1_000_000
    /// Groups in one test (each is one histogram per event loop).
    public static let maxGroups = 64
    /// A flow or group name, in bytes.
    public static let maxNameBytes = 128
}
