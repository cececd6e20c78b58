/// Why an import wrote nothing: one line for the user, exit code 2.
public enum ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is not a HAR (not JSON, no `log.entries`, truncated).
    case notHAR(String)
    /// Every entry was left out: there is nothing to replay.
    case nothingToImport(String)
    /// The input could not be read.
    case unreadable(String)
    /// A curl command line the importer cannot turn into a request.
    case badCurl(String)
    /// An OpenAPI document the importer cannot read.
    case badOpenAPI(String)

    public var description: String {
        switch self {
        case .notHAR(let detail): return "not a HAR file: \(detail)"
        case .nothingToImport(let detail): return "nothing to import: \(detail)"
        case .unreadable(let detail): return detail
        case .badCurl(let detail): return "curl command: \(detail)"
        case .badOpenAPI(let detail): return "not an OpenAPI 3 document: \(detail)"
        }
    }
}
