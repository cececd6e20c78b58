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
    /// Stopped by Ctrl-C (SIGINT) or SIGTERM: the summary of what was measured is still printed, but
    /// the run did not go to its end, so a script must not take it for a passing one. 130 is what a
    /// shell reports for a process ended by SIGINT (k6 uses 105 for the same case); it wins over 99,
    /// as thresholds over a cut run say little.
    public static let interrupted: Int32 = 130
}
