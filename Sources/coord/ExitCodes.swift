/// Every exit code `coord` uses, in one place (as k6's errext/exitcodes does).
enum ExitCodes {
    static let ok: Int32 = 0
    /// The run could not be carried out (engine or network failure).
    static let failure: Int32 = 1
    /// Bad flags, files or values: nothing was run.
    static let badInput: Int32 = 2
    /// The run completed but a threshold failed.
    static let thresholdsFailed: Int32 = 99
}
