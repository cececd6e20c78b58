import BarrageCore
import Foundation

/// What an output's endpoint (InfluxDB, Prometheus remote write) answered, read from the first
/// bytes of its response only: the status, and for a failure the start of the body for the
/// message. The endpoint is a peer: it may answer with an endless body, a redirect elsewhere or
/// junk, so nothing past ``maxBytes`` is ever read and no redirect is followed (a 3xx is a failure).
struct OutputResponse: Sendable, Equatable {
    /// The most bytes of a response read (status line, headers and body together).
    static let maxBytes = 4096
    /// The most bytes of a failure's body quoted in a message.
    static let quotedBodyBytes = 200

    var status: Int
    /// The start of the body, escaped for a terminal (only kept for statuses outside 2xx).
    var quotedBody: String

    var isSuccess: Bool { (200..<300).contains(status) }

    /// What the bytes read so far make of the response.
    enum Reading: Sendable, Equatable {
        /// Read on: the status, or the body quoted for a failure, is not complete yet.
        case needMore
        case response(OutputResponse)
        /// Not an HTTP/1 response, or no status within ``maxBytes``.
        case malformed(String)
    }

    /// Parses the first bytes of a response.
    /// - Parameters:
    ///   - bytes: what was read, at most ``maxBytes``.
    ///   - ended: no more bytes will come (the peer closed, ``maxBytes`` were read, or time is up).
    static func read(_ bytes: ArraySlice<UInt8>, ended: Bool) -> Reading {
        guard let lineEnd = find([0x0D, 0x0A], in: bytes) else {
            if ended || bytes.count >= maxBytes { return .malformed(bytes.isEmpty ? "an empty response" : "no HTTP status line") }
            return .needMore
        }
        guard let status = statusCode(bytes[bytes.startIndex..<lineEnd]) else {
            return .malformed("not an HTTP/1 status line: '\(PeerText.escape(String(decoding: bytes[bytes.startIndex..<lineEnd].prefix(80), as: UTF8.self), limit: 80))'")
        }
        if (200..<300).contains(status) { return .response(OutputResponse(status: status, quotedBody: "")) }
        let headEnd = find([0x0D, 0x0A, 0x0D, 0x0A], in: bytes)
        if (100..<200).contains(status) {
            // An interim response (100 Continue): the final one follows its head.
            guard let headEnd else { return ended ? .malformed("an interim \(status) response and nothing after it") : .needMore }
            return read(bytes[(headEnd + 4)...], ended: ended)
        }
        guard let headEnd else {
            return ended ? .response(OutputResponse(status: status, quotedBody: "")) : .needMore
        }
        let body = bytes[(headEnd + 4)...]
        let wanted = min(contentLength(bytes[bytes.startIndex..<headEnd]) ?? quotedBodyBytes, quotedBodyBytes)
        guard ended || body.count >= wanted else { return .needMore }
        let text = String(decoding: body.prefix(quotedBodyBytes), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return .response(OutputResponse(status: status, quotedBody: PeerText.escape(text, limit: quotedBodyBytes)))
    }

    /// `HTTP/1.x NNN ...` -> NNN, when it is 100...599.
    private static func statusCode(_ line: ArraySlice<UInt8>) -> Int? {
        let parts = line.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].starts(with: Array("HTTP/1.".utf8)), parts[1].count == 3,
              parts[1].allSatisfy({ (0x30...0x39).contains($0) })
        else { return nil }
        let code = parts[1].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        return (100...599).contains(code) ? code : nil
    }

    /// The `Content-Length` header's value, when there is one that fits (at most 18 digits).
    private static func contentLength(_ head: ArraySlice<UInt8>) -> Int? {
        for line in head.split(separator: 0x0A) {
            let text = String(decoding: line, as: UTF8.self)
            guard let colon = text.firstIndex(of: ":"),
                  text[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == "content-length"
            else { continue }
            let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            guard value.count <= 18, value.allSatisfy(\.isASCII) else { return nil }
            return Int(value)
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var index = bytes.startIndex
        while index <= bytes.endIndex - needle.count {
            if bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
