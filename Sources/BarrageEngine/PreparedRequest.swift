import BarrageCore
import CCurl

/// A ``RequestSpec`` turned into what curl needs, once per event loop: the header list and the
/// body live as long as the loop because curl reads them without copying (CURLOPT_HTTPHEADER,
/// CURLOPT_POSTFIELDS). Owned by the loop thread; freed with ``free()``.
struct PreparedRequest {
    let spec: RequestSpec
    let headers: UnsafeMutablePointer<curl_slist>?
    let body: UnsafeMutablePointer<CChar>?
    let bodyLength: Int
    /// `bodyContains` needles as bytes.
    let needles: [[UInt8]]
    /// Whether the status is all the checks look at besides the always-known duration.
    let needsBody: Bool
    /// Whether an empty `Expect:` is sent (a body and no `Expect` header of the scenario's).
    let addsEmptyExpect: Bool

    init(_ spec: RequestSpec) {
        self.spec = spec
        var list: UnsafeMutablePointer<curl_slist>?
        var lines = spec.headers.map(\.line)
        // curl waits up to a second for "100 Continue" before a large body; k6 sends at once.
        addsEmptyExpect = spec.body != nil && !spec.headers.contains(where: { $0.name.lowercased() == "expect" })
        if addsEmptyExpect { lines.append("Expect:") }
        for line in lines { list = curl_slist_append(list, line) }
        headers = list
        if let text = spec.body {
            let bytes = Array(text.utf8)
            let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
            bytes.withUnsafeBufferPointer { source in
                source.withMemoryRebound(to: CChar.self) { pointer.update(from: $0.baseAddress!, count: bytes.count) }
            }
            body = pointer
            bodyLength = bytes.count
        } else {
            body = nil
            bodyLength = 0
        }
        needles = spec.checks.bodyContains.map { Array($0.utf8) }
        needsBody = spec.checks.needsBody
    }

    func free() {
        if let headers { curl_slist_free_all(headers) }
        body?.deallocate()
    }
}
