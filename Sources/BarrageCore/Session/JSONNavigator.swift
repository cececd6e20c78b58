/// Walks raw JSON bytes to one value, skipping everything else without allocating: what a
/// ``JSONPath`` extraction does for each response. Depth is bounded (``maximumDepth``), so a
/// hostile body cannot exhaust the stack; every index is checked against the buffer.
struct JSONNavigator {
    private let bytes: UnsafeRawBufferPointer
    private var at = 0

    static let maximumDepth = 256

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    mutating func value(at steps: [JSONPath.Step]) -> String? {
        for step in steps {
            skipSpace()
            switch step {
            case .key(let key):
                guard enterObject(findingKey: key) else { return nil }
            case .index(let index):
                guard enterArray(findingIndex: index) else { return nil }
            }
        }
        skipSpace()
        guard let byte = peek else { return nil }
        switch byte {
        case UInt8(ascii: "\""):
            return readString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return nil
        default:
            let start = at
            guard skipValue(depth: 0) else { return nil }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
        }
    }

    private var peek: UInt8? { at < bytes.count ? bytes[at] : nil }

    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { at += 1 }
    }

    private mutating func expect(_ byte: UInt8) -> Bool {
        skipSpace()
        guard peek == byte else { return false }
        at += 1
        return true
    }

    /// At `{`: moves to the value of `key` (the first with that name).
    private mutating func enterObject(findingKey key: String) -> Bool {
        guard expect(UInt8(ascii: "{")) else { return false }
        skipSpace()
        if peek == UInt8(ascii: "}") { return false }
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\""), let name = readString() else { return false }
            guard expect(UInt8(ascii: ":")) else { return false }
            if name == key { return true }
            guard skipValue(depth: 1) else { return false }
            guard expect(UInt8(ascii: ",")) else { return false }
        }
    }

    /// At `[`: moves to element `index`.
    private mutating func enterArray(findingIndex index: Int) -> Bool {
        guard expect(UInt8(ascii: "[")) else { return false }
        skipSpace()
        if peek == UInt8(ascii: "]") { return false }
        var position = 0
        while position < index {
            guard skipValue(depth: 1), expect(UInt8(ascii: ",")) else { return false }
            position += 1
        }
        return true
    }

    /// Skips one value of any kind.
    private mutating func skipValue(depth: Int) -> Bool {
        guard depth < Self.maximumDepth else { return false }
        skipSpace()
        guard let byte = peek else { return false }
        switch byte {
        case UInt8(ascii: "\""):
            return skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            at += 1
            skipSpace()
            if peek == close {
                at += 1
                return true
            }
            while true {
                if byte == UInt8(ascii: "{") {
                    skipSpace()
                    guard skipString(), expect(UInt8(ascii: ":")) else { return false }
                }
                guard skipValue(depth: depth + 1) else { return false }
                skipSpace()
                guard let next = peek else { return false }
                at += 1
                if next == close { return true }
                guard next == UInt8(ascii: ",") else { return false }
            }
        default:
            // A number, true, false or null: up to the next delimiter.
            let start = at
            while let next = peek, next != UInt8(ascii: ","), next != UInt8(ascii: "}"), next != UInt8(ascii: "]"),
                  next != 0x20, next != 0x0A, next != 0x0D, next != 0x09 {
                at += 1
            }
            return at > start
        }
    }

    private mutating func skipString() -> Bool {
        guard peek == UInt8(ascii: "\"") else { return false }
        at += 1
        while let byte = peek {
            at += 1
            if byte == UInt8(ascii: "\\") {
                at += 1
            } else if byte == UInt8(ascii: "\"") {
                return at <= bytes.count
            }
        }
        return false
    }

    /// Reads a string at `"`, unescaping it; nil for a bad escape or an unterminated string.
    private mutating func readString() -> String? {
        guard peek == UInt8(ascii: "\"") else { return nil }
        at += 1
        let start = at
        var plain = true
        while let byte = peek, byte != UInt8(ascii: "\"") {
            if byte == UInt8(ascii: "\\") {
                plain = false
                at += 1
            }
            at += 1
        }
        guard at < bytes.count else { return nil }
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<at])
        at += 1
        if plain { return String(decoding: raw, as: UTF8.self) }
        return Self.unescape(raw)
    }

    static func unescape(_ raw: UnsafeRawBufferPointer) -> String? {
        var scalars = String.UnicodeScalarView()
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            index += 1
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                continue
            }
            guard index < raw.count else { return nil }
            let escape = raw[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                guard index + 4 <= raw.count, let code = UInt32(String(decoding: UnsafeRawBufferPointer(rebasing: raw[index..<(index + 4)]), as: UTF8.self), radix: 16) else {
                    return nil
                }
                index += 4
                // A lone surrogate becomes U+FFFD rather than failing the extraction.
                scalars.removeAll()
                scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                output.append(contentsOf: String(scalars).utf8)
            default:
                return nil
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
