import CCurl

/// A libcurl call that failed, with curl's own text for the code.
public enum CurlError: Error, Sendable, CustomStringConvertible {
    case easy(operation: String, code: UInt32, message: String)
    case multi(operation: String, code: Int32, message: String)
    case initFailed(String)

    static func check(_ code: CURLcode, _ operation: String) throws(CurlError) {
        guard code != CURLE_OK else { return }
        throw .easy(operation: operation, code: code.rawValue, message: String(cString: curl_easy_strerror(code)))
    }

    static func check(_ code: CURLMcode, _ operation: String) throws(CurlError) {
        guard code != CURLM_OK else { return }
        throw .multi(operation: operation, code: code.rawValue, message: String(cString: curl_multi_strerror(code)))
    }

    public var description: String {
        switch self {
        case .easy(let operation, let code, let message): return "libcurl \(operation) failed (\(code)): \(message)"
        case .multi(let operation, let code, let message): return "libcurl \(operation) failed (\(code)): \(message)"
        case .initFailed(let what): return "libcurl could not create \(what)"
        }
    }
}
