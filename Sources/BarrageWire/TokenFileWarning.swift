/// Something about a token file that does not stop it from being used but should be fixed.
///
/// Returned by ``TokenFile/load(path:)`` rather than printed, so the command line decides where
/// it goes (one line on stderr).
public enum TokenFileWarning: Sendable, Equatable, CustomStringConvertible {
    /// Group or others may read the file (`mode & 0o077 != 0`); `mode` is its permission bits.
    case readableByOthers(path: String, mode: UInt16)

    public var description: String {
        switch self {
        case .readableByOthers(let path, let mode):
            let octal = String(mode, radix: 8)
            return "warning: token file '\(path)' is readable by group or others (mode \(String(repeating: "0", count: max(0, 4 - octal.count)) + octal)); anyone who can read it can drive the agents: chmod 600 \(path)"
        }
    }
}
