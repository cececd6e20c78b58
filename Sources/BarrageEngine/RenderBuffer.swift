/// A growable, NUL-terminated byte buffer that a templated URL or header line is rendered into,
/// reused for every send: it allocates only when a value is longer than any before it. Owned by one
/// VU on one loop thread.
final class RenderBuffer {
    private(set) var bytes: UnsafeMutablePointer<CChar>
    private var capacity: Int
    private(set) var count = 0
    /// A CR, LF or NUL was appended since ``reset()``: the text must not go on the wire as a line.
    private(set) var hasLineBreak = false

    init(capacity: Int = 128) {
        self.capacity = max(capacity, 16)
        bytes = .allocate(capacity: self.capacity)
        bytes[0] = 0
    }

    deinit { bytes.deallocate() }

    func reset() {
        count = 0
        hasLineBreak = false
        bytes[0] = 0
    }

    func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    func append(_ source: UnsafeBufferPointer<UInt8>) {
        guard let base = source.baseAddress, !source.isEmpty else { return }
        reserve(source.count)
        for byte in source where byte == 0x0D || byte == 0x0A || byte == 0 { hasLineBreak = true }
        UnsafeMutableRawPointer(bytes + count).copyMemory(from: UnsafeRawPointer(base), byteCount: source.count)
        count += source.count
        bytes[count] = 0
    }

    /// Room for `extra` more bytes and the terminator.
    private func reserve(_ extra: Int) {
        let needed = count + extra + 1
        guard needed > capacity else { return }
        var grown = capacity
        while grown < needed { grown *= 2 }
        let fresh = UnsafeMutablePointer<CChar>.allocate(capacity: grown)
        fresh.update(from: bytes, count: count + 1)
        bytes.deallocate()
        bytes = fresh
        capacity = grown
    }
}
