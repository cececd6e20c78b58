#if canImport(Glibc)
import Glibc
#endif

/// Why the engine could not start.
public enum EngineError: Error, Sendable, CustomStringConvertible {
    case system(String, Int32)
    case curl(CurlError)
    case invalidURL(String)
    /// A template, extraction or session option the engine cannot use.
    case badSession(String)

    public var description: String {
        switch self {
        case .system(let call, let code): return "\(call) failed: \(String(cString: strerror(code)))"
        case .curl(let error): return error.description
        case .invalidURL(let url): return "invalid URL '\(url)'"
        case .badSession(let detail): return detail
        }
    }
}
