import BarrageCore
import CCurl
#if canImport(Glibc)
import Glibc
#endif

extension ErrorKind {
    /// The kind of a transport failure, from curl's result code and the OS errno it saw.
    static func forCurl(_ code: CURLcode, osErrno: Int) -> ErrorKind {
        switch code {
        case CURLE_COULDNT_CONNECT:
            return osErrno == Int(ECONNREFUSED) ? .connectionRefused : .other
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            return .connectionReset
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .dns
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND:
            return .tls
        default:
            return .other
        }
    }
}
