#if canImport(Glibc)
import Glibc
#endif
import BarrageCore
import NIOCore
import NIOPosix

/// Turns a socket error from NIO into the words a person reads (`connection refused`,
/// `address already in use`), without NIO's type names, addresses or parentheses. Shared by the
/// coordinator (an agent it cannot reach, the dashboard's port) and the agent (a coordinator it
/// cannot join yet).
public enum SocketErrorText {
    /// - Returns: the error in a few lowercase words; an unknown error's own text as a last resort.
    public static func describe(_ error: any Error) -> String {
        if let io = error as? IOError { return words(errno: io.errnoCode) }
        if let failure = error as? NIOConnectionError {
            if let first = failure.connectionErrors.first { return describe(first.error) }
            if failure.dnsAError != nil || failure.dnsAAAAError != nil { return "the host name does not resolve" }
            return "no address to connect to"
        }
        if let channel = error as? ChannelError, case .connectTimeout = channel { return "timed out" }
        return PeerText.escape("\(error)", limit: 200)
    }

    /// `strerror`'s text for `errno`, lower-cased: `connection refused`.
    public static func words(errno code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text).lowercased()
    }
}
