import CZlib

/// A small wrapper over the system zlib for the HdrHistogram compressed form.
///
/// Streams are in the zlib format (RFC 1950: a 2-byte header, raw deflate, an Adler-32 trailer), the
/// one `java.util.zip.Deflater` and Python's `zlib.compress` write, not gzip and not raw deflate.
enum Zlib {
    /// The most bytes ``decompress(_:expectedSize:limit:)`` produces unless told otherwise: far more
    /// than a histogram needs (a full 3-digit, 1 µs..1 h counts array is under 220 KB even at 9 bytes
    /// a count), and small enough that a zip bomb cannot exhaust memory.
    static let defaultLimit = 16 << 20

    /// Why a zlib stream could not be inflated.
    enum DecompressionError: Error, Sendable, Equatable, CustomStringConvertible {
        /// zlib reported an error; the payload is zlib's own message (or its return code).
        case corrupt(String)
        /// The input ended before the stream did.
        case truncated
        /// Bytes follow the end of the stream.
        case trailingBytes(Int)
        /// The output would exceed the limit.
        case tooLarge(limit: Int)

        var description: String {
            switch self {
            case .corrupt(let reason): return "the zlib stream is corrupt (\(reason))"
            case .truncated: return "the zlib stream ends before its final block and Adler-32 checksum"
            case .trailingBytes(let count): return "\(count) bytes follow the end of the zlib stream, but none are accepted"
            case .tooLarge(let limit): return "the zlib stream inflates to more than \(limit) bytes, the most accepted"
            }
        }
    }

    /// Compresses `bytes` into one zlib stream at the default level (6, as Python uses).
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var capacity = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(capacity))
        let status = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                compress2(out.baseAddress, &capacity, input.baseAddress, uLong(input.count), Z_DEFAULT_COMPRESSION)
            }
        }
        // compressBound guarantees room, and the level is valid, so only an allocation failure
        // inside zlib is left; Swift itself traps on those, so do the same rather than return junk.
        precondition(status == Z_OK, "zlib compress2 failed with status \(status) (out of memory)")
        output.removeSubrange(Int(capacity)...)
        return output
    }

    /// Inflates one complete zlib stream.
    /// - Parameters:
    ///   - bytes: exactly one zlib stream; nothing may follow it.
    ///   - expectedSize: a guess at the output size, used only to size the first buffer.
    ///   - limit: the most output bytes accepted.
    /// - Throws: ``DecompressionError`` for corrupt, truncated, trailing or oversized input.
    static func decompress(
        _ bytes: [UInt8], expectedSize: Int = 0, limit: Int = defaultLimit
    ) throws(DecompressionError) -> [UInt8] {
        try decompress(bytes[...], expectedSize: expectedSize, limit: limit)
    }

    /// Inflates one complete zlib stream held in a slice (no copy of the input).
    static func decompress(
        _ bytes: ArraySlice<UInt8>, expectedSize: Int = 0, limit: Int = defaultLimit
    ) throws(DecompressionError) -> [UInt8] {
        // zlib checks that a stream's state still points back at it, so the z_stream must not move:
        // keep it in memory of our own rather than in a Swift variable.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        let initStatus = inflateInit_(stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard initStatus == Z_OK else { throw .corrupt(Self.message(stream, initStatus)) }
        defer { inflateEnd(stream) }

        // Inflate straight into the result, growing it as needed, up to one byte past the limit
        // (that byte filled means the stream is too large). A histogram's payload is a few hundred
        // bytes, so this is one small buffer, not a 64 KB chunk per call.
        var output = [UInt8](repeating: 0, count: min(max(expectedSize, 256), limit + 1))
        var produced = 0
        let result: Result<Int, DecompressionError> = bytes.withUnsafeBufferPointer { input in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.pointee.avail_in = uInt(input.count)
            while true {
                if produced == output.count {
                    guard output.count <= limit else { return .failure(.tooLarge(limit: limit)) }
                    output.append(contentsOf: repeatElement(0, count: min(output.count, limit + 1 - output.count)))
                }
                let status = output.withUnsafeMutableBufferPointer { out in
                    stream.pointee.next_out = out.baseAddress.map { $0 + produced }
                    stream.pointee.avail_out = uInt(out.count - produced)
                    // Z_FINISH: the whole input is here, so zlib keeps no 32 KB sliding window
                    // when the output fits (it allocates one only if it has to stop early).
                    return inflate(stream, Z_FINISH)
                }
                produced = output.count - Int(stream.pointee.avail_out)
                switch status {
                case Z_STREAM_END:
                    guard produced <= limit else { return .failure(.tooLarge(limit: limit)) }
                    return .success(Int(stream.pointee.avail_in))
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.pointee.avail_out == 0:
                    continue  // the output is full: grow it and go on
                case Z_BUF_ERROR:
                    // No progress was possible with room left to write to: input ran out.
                    return .failure(.truncated)
                case Z_NEED_DICT:
                    return .failure(.corrupt("it needs a preset dictionary"))
                default:
                    return .failure(.corrupt(Self.message(stream, status)))
                }
            }
        }
        let unread = try result.get()
        guard unread == 0 else { throw .trailingBytes(unread) }
        output.removeSubrange(produced...)
        return output
    }

    private static func message(_ stream: UnsafeMutablePointer<z_stream>, _ status: Int32) -> String {
        if let text = stream.pointee.msg { return String(cString: text) }
        return "zlib status \(status)"
    }
}
