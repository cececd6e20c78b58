#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking HTTP/1.1 client over one plain BSD socket to 127.0.0.1, for tests only.
///
/// Deliberately not NIO, so the server is checked by a second, independent HTTP implementation.
/// Reads time out after 10 seconds so a broken server fails the test instead of hanging it.
final class HTTPTestClient {
    /// One parsed response.
    struct Response {
        var status: Int
        /// Header names lower-cased, in order.
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        /// The first value of header `name` (case-insensitive).
        func header(_ name: String) -> String? {
            let lowered = name.lowercased()
            return headers.first { $0.name == lowered }?.value
        }

        var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    /// What went wrong talking to the server.
    enum ClientError: Error, CustomStringConvertible {
        case system(String, Int32)
        case closedEarly(afterBytes: Int)
        case malformed(String)

        var description: String {
            switch self {
            case .system(let call, let code): return "\(call) failed with errno \(code)"
            case .closedEarly(let count): return "server closed the connection after \(count) unparsed bytes"
            case .malformed(let what): return "malformed response: \(what)"
            }
        }
    }

    private let fd: Int32
    /// Received bytes not yet consumed by ``readResponse()``.
    private var pending: [UInt8] = []

    /// Connects to `127.0.0.1:port`.
    init(port: Int) throws {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw ClientError.system("socket", errno) }
        self.fd = fd
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        guard setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size)) == 0 else {
            throw ClientError.system("setsockopt", errno)
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw ClientError.system("connect", errno) }
    }

    deinit {
        close(fd)
    }

    /// Sends `text` as is (requests must carry their own CRLFs).
    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { throw ClientError.system("write", errno) }
            sent += count
        }
    }

    /// Sends `GET path` with the given extra header lines.
    func get(_ path: String, headers: [String] = []) throws {
        try send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers.map { $0 + "\r\n" }.joined() + "\r\n")
    }

    /// Reads one response framed by `Content-Length`.
    func readResponse() throws -> Response {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            headEnd = Self.find(separator, in: pending)
            if headEnd == nil { try receiveMore() }
        }
        guard let headEnd else { throw ClientError.malformed("no header end") }
        let headText = String(decoding: pending[..<headEnd], as: UTF8.self)
        var lines = headText.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
            throw ClientError.malformed("status line '\(headText.prefix(40))'")
        }
        let headers = try lines.map { line -> (name: String, value: String) in
            guard let colon = line.firstIndex(of: ":") else { throw ClientError.malformed("header '\(line)'") }
            return (line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingSpaces())
        }
        let response = Response(status: status, headers: headers, body: [])
        guard let lengthText = response.header("content-length"), let length = Int(lengthText) else {
            throw ClientError.malformed("no Content-Length")
        }
        let bodyStart = headEnd + separator.count
        while pending.count < bodyStart + length { try receiveMore() }
        var complete = response
        complete.body = Array(pending[bodyStart..<(bodyStart + length)])
        pending.removeFirst(bodyStart + length)
        return complete
    }

    /// True when the server has closed the connection and sent nothing more.
    func isClosedByServer() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 1)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0 { throw ClientError.system("recv", errno) }
        return count == 0 && pending.isEmpty
    }

    private func receiveMore() throws {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0 { throw ClientError.system("recv", errno) }
        if count == 0 { throw ClientError.closedEarly(afterBytes: pending.count) }
        pending += chunk[..<count]
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
