/// Why a request failed, as the summary groups failures.
///
/// `CodingKeyRepresentable` makes a `[ErrorKind: UInt64]` encode as a JSON object keyed by the raw
/// value (`{"timeout": 3}`) instead of a flat `[key, value, ...]` array.
public enum ErrorKind: String, CaseIterable, Codable, CodingKeyRepresentable, Sendable, Hashable {
    case connectionRefused = "connection_refused"
    case timeout
    case connectionReset = "connection_reset"
    case dns
    case tls
    case http4xx = "http_4xx"
    case http5xx = "http_5xx"
    case other

    /// The category of an HTTP status that counts as failed, or `nil` for statuses below 400.
    public static func forStatus(_ status: Int) -> ErrorKind? {
        switch status {
        case 400..<500: return .http4xx
        case 500...: return .http5xx
        default: return nil
        }
    }
}
