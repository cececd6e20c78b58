import CSnappy

/// Snappy block compression (the raw format, not the framed one), as Prometheus remote write
/// bodies need: libsnappy's C API (`snappy-c.h`).
enum Snappy {
    /// `bytes` compressed; the C API fails only when the output buffer is too small, which
    /// `snappy_max_compressed_length` rules out.
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var length = snappy_max_compressed_length(bytes.count)
        var output = [UInt8](repeating: 0, count: length)
        let status = bytes.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { out in
                snappy_compress(
                    input.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count,
                    out.baseAddress?.assumingMemoryBound(to: CChar.self), &length)
            }
        }
        precondition(status == SNAPPY_OK, "snappy_compress with a buffer of snappy_max_compressed_length failed")
        return Array(output.prefix(length))
    }

    /// The bytes `compressed` holds, or nil when it is not a snappy block.
    static func uncompress(_ compressed: [UInt8]) -> [UInt8]? {
        var length = 0
        let sized = compressed.withUnsafeBytes { input in
            snappy_uncompressed_length(input.baseAddress?.assumingMemoryBound(to: CChar.self), compressed.count, &length)
        }
        guard sized == SNAPPY_OK else { return nil }
        var output = [UInt8](repeating: 0, count: length)
        let status = compressed.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { out in
                snappy_uncompress(
                    input.baseAddress?.assumingMemoryBound(to: CChar.self), compressed.count,
                    out.baseAddress?.assumingMemoryBound(to: CChar.self), &length)
            }
        }
        return status == SNAPPY_OK ? Array(output.prefix(length)) : nil
    }
}
