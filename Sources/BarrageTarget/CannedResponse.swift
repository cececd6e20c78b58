import NIOCore
import NIOHTTP1

/// A response whose head and body are built once at start and then only copied.
///
/// Copying a `ByteBuffer` or an `HTTPResponseHead` copies a reference, not bytes, so serving a canned
/// response allocates nothing for the body: every connection writes the same storage.
struct CannedResponse: Sendable {
    /// The head for a connection that stays open (no `Connection` header: HTTP/1.1's default).
    let keepAliveHead: HTTPResponseHead
    /// The head for a connection closed after this response (`Connection: close`).
    let closeHead: HTTPResponseHead
    /// The whole body; `Content-Length` in both heads is its size.
    let body: ByteBuffer

    /// - Parameters:
    ///   - status: the response status.
    ///   - contentType: the `Content-Type` header value.
    ///   - body: the body bytes.
    ///   - extraHeaders: further headers, e.g. `Allow` for a 405.
    init(status: HTTPResponseStatus, contentType: String, body: ByteBuffer, extraHeaders: [(String, String)] = []) {
        self.keepAliveHead = Self.head(status: status, contentType: contentType, contentLength: body.readableBytes,
                                       keepAlive: true, extraHeaders: extraHeaders)
        self.closeHead = Self.head(status: status, contentType: contentType, contentLength: body.readableBytes,
                                   keepAlive: false, extraHeaders: extraHeaders)
        self.body = body
    }

    /// The head to send for a request with the given version and keep-alive wish.
    ///
    /// HTTP/1.0 clients that asked for keep-alive need an explicit `Connection: keep-alive`; that rare
    /// case pays for one copy of the head.
    func head(version: HTTPVersion, keepAlive: Bool) -> HTTPResponseHead {
        guard keepAlive else { return closeHead }
        guard version.major == 1, version.minor == 0 else { return keepAliveHead }
        var head = keepAliveHead
        head.headers.add(name: "Connection", value: "keep-alive")
        return head
    }

    /// Builds a response head with `Content-Type`, `Content-Length` and, unless `keepAlive`, `Connection: close`.
    static func head(status: HTTPResponseStatus, contentType: String, contentLength: Int, keepAlive: Bool,
                     extraHeaders: [(String, String)] = []) -> HTTPResponseHead {
        var headers = HTTPHeaders()
        headers.reserveCapacity(3 + extraHeaders.count)
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(contentLength))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        headers.add(contentsOf: extraHeaders)
        return HTTPResponseHead(version: .http1_1, status: status, headers: headers)
    }
}
