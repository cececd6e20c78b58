#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Reads the files `coord` is pointed at (token, PEM, body, data and scenario files) without
/// trusting them: it opens only regular files, without blocking (a FIFO would block the
/// open or the read for ever, a device such as /dev/zero never ends) and checks the size
/// before it reads, then reads at most one byte past the limit (the file may grow meanwhile).
public enum RegularFile {
    /// The bytes of the regular file at `path`, at most `maxBytes` of them.
    /// - Throws: ``RegularFileError`` naming what the path is, or how large it is.
    public static func read(_ path: String, maxBytes: Int) throws(RegularFileError) -> Data {
        let fd = try open(path, maxBytes: maxBytes).fd
        defer { close(fd) }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while data.count <= maxBytes {
            let want = min(chunk.count, maxBytes + 1 - data.count)
            let got = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, want) }
            if got < 0 {
                if errno == EINTR { continue }
                throw .readFailed(String(cString: strerror(errno)))
            }
            if got == 0 { break }
            data.append(contentsOf: chunk[..<got])
        }
        guard data.count <= maxBytes else { throw .tooLarge(bytes: data.count, limit: maxBytes) }
        return data
    }

    /// Reads the regular file at `path` in chunks of at most 1 MiB, handing each to `body`: for
    /// files read as a stream (a journal), whose size bounds nothing the reader keeps.
    /// - Throws: ``RegularFileError``, or what `body` throws.
    public static func forEachChunk(_ path: String, _ body: (ArraySlice<UInt8>) throws -> Void) throws {
        let fd = try open(path, maxBytes: Int.max).fd
        defer { close(fd) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let got = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw RegularFileError.readFailed(String(cString: strerror(errno)))
            }
            if got == 0 { return }
            try body(chunk[..<got])
        }
    }

    /// Checks that `path` is a regular file of at most `maxBytes` and returns its size, for callers
    /// that map the file instead of reading it.
    public static func size(_ path: String, maxBytes: Int) throws(RegularFileError) -> Int {
        let (fd, size) = try open(path, maxBytes: maxBytes)
        close(fd)
        return size
    }

    /// Opens `path` read-only and non-blocking, and refuses anything but a regular file of at most `maxBytes`.
    private static func open(_ path: String, maxBytes: Int) throws(RegularFileError) -> (fd: Int32, size: Int) {
        let fd = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            throw .cannotOpen(errno == ENOENT ? "no such file" : String(cString: strerror(errno)))
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw .cannotOpen(reason)
        }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFREG else {
            close(fd)
            throw .notRegular(kind == S_IFDIR ? "a directory" : kind == S_IFIFO ? "a FIFO" : kind == S_IFSOCK ? "a socket" : "a device")
        }
        let size = Int(info.st_size)
        guard size <= maxBytes else {
            close(fd)
            throw .tooLarge(bytes: size, limit: maxBytes)
        }
        return (fd, size)
    }
}

/// Why ``RegularFile`` refused a file; the caller puts the path in front.
public enum RegularFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(String)
    /// A directory, FIFO, socket or device: reading it could block for ever or never end.
    case notRegular(String)
    case tooLarge(bytes: Int, limit: Int)
    case readFailed(String)

    public var description: String {
        switch self {
        case .cannotOpen(let reason): return reason
        case .notRegular(let kind): return "it is \(kind), not a regular file"
        case .tooLarge(let bytes, let limit): return "it is \(bytes) bytes, more than the \(limit) accepted"
        case .readFailed(let reason): return "read failed: \(reason)"
        }
    }
}
