import Foundation
import Synchronization
@testable import BarrageCore
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server for the redirect and body tests, in the test process on a loopback
/// port 0 (no child process to reap): a thread accepts, a thread per connection answers keep-alive
/// requests, and every request is logged. ``stop()`` shuts the listener and every connection.
///
/// Routes: `/chain/N` (302 to `/chain/N-1`, `/chain/0` is 200; `/slow-chain/N` the same, 300 ms per 302), `/status/CODE` (CODE to
/// `/landing`), `/landing` (200 `landed METHOD BODYBYTES`), `/away?to=URL` (302 to URL),
/// `/cookie-hop` (302 with `Set-Cookie: hop=yes` to `/need-cookie`, 200 only with that cookie),
/// `/deflate` (a 64 KB text, `Content-Encoding: deflate` when the client accepts it), `/bad-deflate`
/// (labelled deflate, but not).
final class RedirectServer: Sendable {
    struct Hit: Sendable, Equatable {
        var method: String
        var path: String
        var bodyBytes: Int
        var headers: [String: String]
    }

    let port: Int
    let host: String
    private let listener: Int32
    private let state = Mutex<(hits: [Hit], connections: Set<Int32>, stopped: Bool)>(([], [], false))

    /// The text `/deflate` serves, decompressed.
    static let text = Array(String(repeating: "barrage redirect body ", count: 3_000).utf8)
    static let deflated = Zlib.compress(text)

    init(host: String = "127.0.0.1") throws {
        self.host = host
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        Thread { [self] in acceptLoop() }.start()
    }

    var base: String { "http://\(host):\(port)" }
    var hits: [Hit] { state.withLock { $0.hits } }

    /// Shuts the listener and every open connection; their threads end.
    func stop() {
        let connections = state.withLock { state -> Set<Int32> in
            state.stopped = true
            return state.connections
        }
        shutdown(listener, Int32(SHUT_RDWR))
        for fd in connections { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    deinit {
        stop()
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                return
            }
            let admitted = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.connections.insert(fd)
                return true
            }
            guard admitted else {
                close(fd)
                return
            }
            Thread { [self] in serve(fd) }.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer {
            state.withLock { _ = $0.connections.remove(fd) }
            close(fd)
        }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            // One request: the head up to CRLFCRLF, then Content-Length bytes of body.
            var headEnd: Int?
            while headEnd == nil {
                if let end = Self.find([13, 10, 13, 10], in: buffer) { headEnd = end; break }
                let count = recv(fd, &chunk, chunk.count, 0)
                guard count > 0 else { return }
                buffer += chunk[0..<count]
            }
            guard let end = headEnd else { return }
            let head = String(decoding: buffer[0..<end], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let requestLine = lines.removeFirst().split(separator: " ")
            guard requestLine.count >= 2 else { return }
            var headers: [String: String] = [:]
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            while buffer.count < end + 4 + length {
                let count = recv(fd, &chunk, chunk.count, 0)
                guard count > 0 else { return }
                buffer += chunk[0..<count]
            }
            buffer.removeFirst(end + 4 + length)
            let hit = Hit(method: String(requestLine[0]), path: String(requestLine[1]), bodyBytes: length, headers: headers)
            state.withLock { $0.hits.append(hit) }
            let response = Self.respond(to: hit)
            var sent = 0
            while sent < response.count {
                let count = response[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard count > 0 else { return }
                sent += count
            }
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }

    static func respond(to hit: Hit) -> [UInt8] {
        let parts = hit.path.split(separator: "?", maxSplits: 1)
        let path = parts.first.map(String.init) ?? ""
        let query = parts.count > 1 ? String(parts[1]) : ""
        if path.hasPrefix("/chain/"), let left = Int(path.dropFirst(7)) {
            return left > 0 ? response(302, location: "/chain/\(left - 1)") : response(200, body: Array("landed".utf8))
        }
        if path.hasPrefix("/slow-chain/"), let left = Int(path.dropFirst(12)) {
            guard left > 0 else { return response(200, body: Array("landed".utf8)) }
            usleep(300_000)
            return response(302, location: "/slow-chain/\(left - 1)")
        }
        if path.hasPrefix("/status/"), let code = Int(path.dropFirst(8)) {
            return response(code, location: "/landing")
        }
        switch path {
        case "/landing":
            return response(200, body: Array("landed \(hit.method) \(hit.bodyBytes)".utf8))
        case "/away":
            return response(302, location: query.hasPrefix("to=") ? String(query.dropFirst(3)) : "/landing")
        case "/cookie-hop":
            return response(302, location: "/need-cookie", extra: ["Set-Cookie: hop=yes; Path=/"])
        case "/need-cookie":
            let ok = hit.headers["cookie"]?.contains("hop=yes") ?? false
            return response(ok ? 200 : 401, body: Array((ok ? "cookie seen" : "no cookie").utf8))
        case "/deflate":
            let accepts = hit.headers["accept-encoding"]?.contains("deflate") ?? false
            return accepts ? response(200, body: deflated, extra: ["Content-Encoding: deflate"]) : response(200, body: text)
        case "/bad-deflate":
            // Not deflate data at all: a client that decodes it fails (curl: CURLE_BAD_CONTENT_ENCODING).
            return response(200, body: Array("this is not deflate data, decoding it fails".utf8), extra: ["Content-Encoding: deflate"])
        default:
            return response(404)
        }
    }

    static func response(_ status: Int, body: [UInt8] = [], location: String? = nil, extra: [String] = []) -> [UInt8] {
        var head = "HTTP/1.1 \(status) Status\r\nContent-Length: \(body.count)\r\n"
        if let location { head += "Location: \(location)\r\n" }
        for line in extra { head += line + "\r\n" }
        return Array((head + "\r\n").utf8) + body
    }
}
