import NIOCore
import NIOHTTP1

/// The fixed responses of the target, built once per server and shared by all its connections.
struct CannedResponses: Sendable {
    /// 200, the ``FeedPage`` as `application/json`.
    let feed: CannedResponse
    /// 200, `ok` as `text/plain`.
    let healthz: CannedResponse
    /// 201 for `POST /api/posts/`, a small JSON body.
    let created: CannedResponse
    /// 404 for unknown paths.
    let notFound: CannedResponse
    /// 405 for methods other than GET, with `Allow: GET`.
    let methodNotAllowed: CannedResponse

    /// Builds every response; the feed body is copied once into a `ByteBuffer` here.
    init(allocator: ByteBufferAllocator = ByteBufferAllocator()) {
        func text(_ string: String) -> ByteBuffer { allocator.buffer(string: string) }
        feed = CannedResponse(status: .ok, contentType: "application/json",
                              body: allocator.buffer(bytes: FeedPage.body))
        healthz = CannedResponse(status: .ok, contentType: "text/plain; charset=utf-8", body: text("ok"))
        created = CannedResponse(status: .created, contentType: "application/json", body: text("{\"id\":101,\"created\":true}"))
        notFound = CannedResponse(status: .notFound, contentType: "text/plain; charset=utf-8",
                                  body: text("not found\n"))
        methodNotAllowed = CannedResponse(status: .methodNotAllowed, contentType: "text/plain; charset=utf-8",
                                          body: text("method not allowed, use GET (or POST on /api/posts/)\n"),
                                          extraHeaders: [("Allow", "GET")])
    }
}
