/// One VU's response body, kept only while a request with a `bodyContains` check runs.
///
/// A class because curl's write callback reaches it through a raw pointer (CURLOPT_WRITEDATA).
final class BodyBuffer {
    var bytes: [UInt8] = []
    var capturing = false

    /// Bodies beyond this are checked on their first bytes only, so a huge response cannot grow
    /// the agent's memory without bound.
    static let limit = 4 << 20

    func reset(capturing: Bool) {
        bytes.removeAll(keepingCapacity: true)
        self.capturing = capturing
    }

    func append(_ pointer: UnsafeRawPointer, count: Int) {
        guard capturing, bytes.count < Self.limit else { return }
        let take = Swift.min(count, Self.limit - bytes.count)
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: take))
    }

    /// Whether the captured bytes contain `needle` (its UTF-8 bytes).
    func contains(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= bytes.count, let first = needle.first else { return false }
        return bytes.withUnsafeBufferPointer { haystack in
            var index = 0
            let last = haystack.count - needle.count
            while index <= last {
                if haystack[index] == first {
                    var match = true
                    for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                        match = false
                        break
                    }
                    if match { return true }
                }
                index += 1
            }
            return false
        }
    }
}
