/// What a VU keeps to render its templated requests without allocating: a URL buffer, and the
/// header lists of each templated request. Made when the VU is, only if a request is templated.
final class VURenderState {
    let url = RenderBuffer()
    /// Per request of the iteration; nil for requests whose headers are static.
    let headers: [RenderedHeaders?]

    init(program: VUProgram) {
        headers = program.requests.map { request in
            request.headers.map { RenderedHeaders(count: $0.count, addsEmptyExpect: request.prepared.addsEmptyExpect) }
        }
    }
}
