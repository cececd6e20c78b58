/// Every exit code `coord` uses, in one place (as k6's errext/exitcodes does); the library's
/// ``RunSession`` says which one a run ends with.
public enum ExitCodes {
    public static let ok: Int32 = 0
    /// The run could not be carried out (engine or network failure).
    public static let failure: Int32 = 1
    /// Bad flags, files or values: nothing was run.
    public static let badInput: Int32 = 2
    /// The run completed but a threshold failed (or, for `coord capacity`, the goal was missed).
    public static let thresholdsFailed: Int32 = 99
}
