import Foundation

/// Finds the parts of a HAR file without decoding it whole: `log.version`, `log.pages` and the
/// byte range of each `log.entries` item. The file is memory-mapped and each entry is decoded on
/// its own later, so a 200 MB recording costs about one entry's worth of memory at a time, not
/// a tree of the whole file.
///
/// The scanner only tracks strings and bracket depth; each entry's JSON is validated when it is
/// decoded. Nesting is counted, never recursed, so a deeply nested file cannot overflow the stack.
struct HARScanner {
    let bytes: Data
    private var at: Int
    /// Told each offset the scan has moved past (see ``MappedFile/release(before:)``).
    private let release: (Int) -> Void

    struct Layout {
        var version: String?
        var creator: String?
        var pages: [HARPage] = []
        var entries: [Range<Int>] = []
    }

    init(_ bytes: Data, release: @escaping (Int) -> Void = { _ in }) {
        self.bytes = bytes
        self.release = release
        at = bytes.startIndex
    }

    /// Scans the whole file.
    /// - Throws: ``ImportError/notHAR(_:)`` when it is not a JSON object with `log.entries`.
    mutating func layout() throws(ImportError) -> Layout {
        // A UTF-8 byte order mark, as Windows tools write it.
        if bytes.count >= 3, bytes[at] == 0xEF, bytes[at + 1] == 0xBB, bytes[at + 2] == 0xBF { at += 3 }
        skipSpace()
        guard peek() == UInt8(ascii: "{") else { throw .notHAR("expected a JSON object ({\"log\": ...}) \(position)") }
        var layout: Layout?
        try members { key, scanner throws(ImportError) in
            if key == "log" { layout = try scanner.log() } else { try scanner.skipValue() }
        }
        guard let layout else { throw .notHAR("no \"log\" object at the top level") }
        return layout
    }

    private mutating func log() throws(ImportError) -> Layout {
        skipSpace()
        guard peek() == UInt8(ascii: "{") else { throw .notHAR("\"log\" is not an object \(position)") }
        var layout = Layout()
        var sawEntries = false
        try members { key, scanner throws(ImportError) in
            switch key {
            case "version":
                layout.version = try scanner.decodeValue(String.self, what: "log.version")
            case "creator":
                layout.creator = try scanner.decodeValue(HARCreator.self, what: "log.creator").name
            case "pages":
                layout.pages = try scanner.decodeValue([HARPage].self, what: "log.pages")
            case "entries":
                sawEntries = true
                layout.entries = try scanner.elementRanges()
            default:
                try scanner.skipValue()
            }
        }
        guard sawEntries else { throw .notHAR("\"log\" has no \"entries\" list") }
        return layout
    }

    /// Calls `body` with each key of the object at the cursor, the cursor on its value; `body`
    /// must consume the value.
    private mutating func members(_ body: (String, inout HARScanner) throws(ImportError) -> Void) throws(ImportError) {
        at += 1
        skipSpace()
        if peek() == UInt8(ascii: "}") { at += 1; return }
        while true {
            skipSpace()
            guard peek() == UInt8(ascii: "\"") else { throw .notHAR("expected a key in quotes \(position)") }
            let keyStart = at + 1
            try skipString()
            let key = String(decoding: bytes[keyStart..<(at - 1)], as: UTF8.self)
            skipSpace()
            guard peek() == UInt8(ascii: ":") else { throw .notHAR("expected ':' after \"\(key)\" \(position)") }
            at += 1
            skipSpace()
            try body(key, &self)
            skipSpace()
            switch peek() {
            case UInt8(ascii: ","): at += 1
            case UInt8(ascii: "}"): at += 1; return
            case nil: throw .notHAR("the file ends inside an object (truncated?)")
            default: throw .notHAR("expected ',' or '}' \(position)")
            }
        }
    }

    /// The byte range of each item of the array at the cursor.
    private mutating func elementRanges() throws(ImportError) -> [Range<Int>] {
        guard peek() == UInt8(ascii: "[") else { throw .notHAR("\"entries\" is not a list \(position)") }
        at += 1
        var ranges: [Range<Int>] = []
        skipSpace()
        if peek() == UInt8(ascii: "]") { at += 1; return ranges }
        while true {
            skipSpace()
            let start = at
            try skipValue()
            ranges.append(start..<at)
            release(at)
            skipSpace()
            switch peek() {
            case UInt8(ascii: ","): at += 1
            case UInt8(ascii: "]"): at += 1; return ranges
            case nil: throw .notHAR("the file ends inside \"entries\" (truncated?)")
            default: throw .notHAR("expected ',' or ']' in \"entries\" \(position)")
            }
        }
    }

    private mutating func decodeValue<T: Decodable>(_ type: T.Type, what: String) throws(ImportError) -> T {
        let start = at
        try skipValue()
        do {
            return try JSONDecoder().decode(T.self, from: bytes[start..<at])
        } catch {
            throw .notHAR("\(what) is not what HAR 1.2 describes (\(HAREntryDecoding.reason(error)))")
        }
    }

    /// Moves past one JSON value: a string, an object or array (by depth), or a literal.
    private mutating func skipValue() throws(ImportError) {
        switch peek() {
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while at < bytes.endIndex {
                switch bytes[at] {
                case UInt8(ascii: "\""):
                    try skipString()
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { at += 1; return }
                default:
                    break
                }
                at += 1
            }
            throw .notHAR("the file ends inside an object or list (truncated?)")
        case nil:
            throw .notHAR("the file ends where a value was expected (truncated?)")
        default:
            let start = at
            while at < bytes.endIndex, !Self.endsLiteral(bytes[at]) { at += 1 }
            guard at > start else { throw .notHAR("unexpected character \(position)") }
        }
    }

    /// Moves past the string whose opening quote is at the cursor.
    private mutating func skipString() throws(ImportError) {
        at += 1
        while at < bytes.endIndex {
            switch bytes[at] {
            case UInt8(ascii: "\\"): at += 2
            case UInt8(ascii: "\""): at += 1; return
            default: at += 1
            }
        }
        throw .notHAR("the file ends inside a string (truncated?)")
    }

    private mutating func skipSpace() {
        while at < bytes.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
    }

    private func peek() -> UInt8? { at < bytes.endIndex ? bytes[at] : nil }

    private static func endsLiteral(_ byte: UInt8) -> Bool {
        [UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D].contains(byte)
    }

    private var position: String { "at byte \(at - bytes.startIndex)" }
}

/// `log.creator`: who wrote the file (named in the scenario's header comment).
struct HARCreator: Decodable {
    var name: String?
}

/// Turns a `DecodingError` into the few words a user needs.
enum HAREntryDecoding {
    static func reason(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        switch decoding {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return (path.isEmpty ? "" : "at \(path): ") + context.debugDescription
        case .keyNotFound(let key, let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return "missing \"\(key.stringValue)\"" + (path.isEmpty ? "" : " at \(path)")
        @unknown default:
            return "\(error)"
        }
    }
}
