import CCurl

/// The header list of one templated request of one VU, kept between sends: its own
/// `curl_slist` nodes (not `curl_slist_append`'s), each pointing at a ``RenderBuffer`` rewritten
/// in place, so sending the request again allocates nothing. curl reads the list during the
/// transfer without copying (CURLOPT_HTTPHEADER), and the list lives as long as the VU.
final class RenderedHeaders {
    private let nodes: UnsafeMutablePointer<curl_slist>
    let lines: [RenderBuffer]
    private let expect: UnsafeMutablePointer<CChar>?

    /// - Parameters:
    ///   - count: the request's headers.
    ///   - addsEmptyExpect: append `Expect:` (a body without an `Expect` header of its own).
    init(count: Int, addsEmptyExpect: Bool) {
        let total = count + (addsEmptyExpect ? 1 : 0)
        nodes = .allocate(capacity: max(total, 1))
        lines = (0..<count).map { _ in RenderBuffer() }
        if addsEmptyExpect {
            let text = Array("Expect:".utf8CString)
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: text.count)
            copy.initialize(from: text, count: text.count)
            expect = copy
        } else {
            expect = nil
        }
        for index in 0..<total {
            let data = index < count ? lines[index].bytes : expect
            let next = index + 1 < total ? nodes + index + 1 : nil
            (nodes + index).initialize(to: curl_slist(data: data, next: next))
        }
    }

    deinit {
        nodes.deallocate()
        expect?.deallocate()
    }

    /// The list to hand to curl, after the lines were rendered: each node points at its line's
    /// current buffer (a longer line may have moved it).
    var list: UnsafeMutablePointer<curl_slist>? {
        guard !lines.isEmpty || expect != nil else { return nil }
        for index in lines.indices { nodes[index].data = lines[index].bytes }
        return nodes
    }
}
