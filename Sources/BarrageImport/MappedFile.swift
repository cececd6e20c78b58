import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file mapped read-only into memory, whose pages the importer gives back (`madvise`
/// `MADV_DONTNEED`) once it has read past them: a 200 MB recording is read in one pass without
/// its pages adding up in the resident set.
final class MappedFile: @unchecked Sendable {  // the mapping is read-only and never written; only `release` touches the pages
    let data: Data
    private let base: UnsafeMutableRawPointer?
    private let length: Int
    private var releasedUpTo = 0

    /// Maps `path`.
    /// - Throws: ``ImportError/unreadable(_:)`` naming the path and the system's reason.
    init(path: String) throws(ImportError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable("can't read \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { throw .unreadable("can't read \(path): not a regular file") }
        length = Int(info.st_size)
        guard length > 0 else {
            base = nil
            data = Data()
            return
        }
        guard let pointer = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), pointer != MAP_FAILED else {
            throw .unreadable("can't map \(path): \(String(cString: strerror(errno)))")
        }
        base = pointer
        let size = length
        data = Data(bytesNoCopy: pointer, count: length, deallocator: .custom { pointer, _ in munmap(pointer, size) })
    }

    /// Gives back the whole pages before byte `offset`: the pass never reads them again. An
    /// offset before the last one starts a new pass (the importer reads the file twice: once to
    /// find the entries, once to decode them).
    func release(before offset: Int) {
        guard let base else { return }
        if offset < releasedUpTo { releasedUpTo = 0 }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = min(offset, length) / page * page
        guard end - releasedUpTo >= 8 << 20 else { return }  // in 8 MB steps: one syscall per many entries
        _ = madvise(base + releasedUpTo, end - releasedUpTo, MADV_DONTNEED)
        releasedUpTo = end
    }
}
