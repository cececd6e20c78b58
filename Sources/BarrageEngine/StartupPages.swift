#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Unmaps the clean, file-backed pages the process has mapped so far (code and read-only data of
/// the executable and its libraries), once, when the first event loop is about to start its VUs.
///
/// Why: startup (argument parsing, the Swift runtime and Foundation, NIO, the agent and coordinator
/// handshake) touches code scattered over the ~28 MB executable, and every page fault maps up to
/// 64 KB around the faulting page ("fault-around"). That left ~20 MB of code resident that the
/// run itself never executes again, counted in the process's RSS. `MADV_DONTNEED` on a private
/// file mapping only drops the page-table entries: the pages stay in the page cache, and what the
/// run still needs is faulted back in (a few hundred minor faults, once).
///
/// Only mappings that are read-only and hold no anonymous (copy-on-written) pages are touched, so
/// no data is ever discarded: relocated RELRO pages, `.data`, `.bss`, heap and stacks are left alone.
public enum StartupPages {
    private static let released = Atomic<Bool>(false)

    /// Releases the pages the first time it is called in this process; later calls do nothing.
    /// - Returns: the number of bytes whose mappings were dropped (0 after the first call).
    @discardableResult
    public static func releaseOnce() -> Int {
        guard released.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return 0 }
        return release()
    }

    /// Drops every clean read-only file-backed mapping listed in `/proc/self/smaps`.
    /// - Returns: the resident bytes those mappings had (what was unmapped); 0 if smaps is unreadable.
    @discardableResult
    public static func release() -> Int {
        var released = 0
        for mapping in cleanFileMappings() {
            guard let address = UnsafeMutableRawPointer(bitPattern: mapping.start) else { continue }
            if madvise(address, Int(mapping.end - mapping.start), MADV_DONTNEED) == 0 { released += mapping.residentBytes }
        }
        return released
    }

    /// One mapping of `/proc/self/smaps`.
    struct Mapping {
        var start: UInt
        var end: UInt
        var readOnlyFile: Bool
        var residentBytes = 0
        var anonymousBytes = 0
    }

    /// Read-only, file-backed mappings with resident pages and no anonymous ones.
    static func cleanFileMappings() -> [Mapping] {
        guard let file = fopen("/proc/self/smaps", "r") else { return [] }
        defer { fclose(file) }
        var mappings: [Mapping] = []
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0 {
            guard let line else { break }
            let text = String(cString: line)
            if let mapping = parseHeader(text) {
                mappings.append(mapping)
            } else if !mappings.isEmpty, let kilobytes = field("Rss:", text) {
                mappings[mappings.count - 1].residentBytes = kilobytes * 1024
            } else if !mappings.isEmpty, let kilobytes = field("Anonymous:", text) {
                mappings[mappings.count - 1].anonymousBytes = kilobytes * 1024
            }
        }
        return mappings.filter { $0.readOnlyFile && $0.residentBytes > 0 && $0.anonymousBytes == 0 }
    }

    /// `start-end perms offset dev inode [path]`; nil for the `Key: value` lines.
    static func parseHeader(_ line: String) -> Mapping? {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 5, let dash = fields[0].firstIndex(of: "-"),
              let start = UInt(fields[0][..<dash], radix: 16),
              let end = UInt(fields[0][fields[0].index(after: dash)...], radix: 16) else { return nil }
        let perms = fields[1]
        let path = fields.count >= 6 ? fields[5] : ""
        // A file path (not [heap], [stack], [vdso] or anonymous), private, neither writable nor shared.
        let readOnlyFile = path.hasPrefix("/") && perms.count == 4 && perms.dropFirst().first == "-" && perms.last == "p"
        return Mapping(start: start, end: end, readOnlyFile: readOnlyFile)
    }

    /// The kB value of a `Key:   123 kB` line, or nil for another key.
    static func field(_ key: String, _ line: String) -> Int? {
        guard line.hasPrefix(key) else { return nil }
        return line.dropFirst(key.count).split(separator: " ").first.flatMap { Int($0) }
    }
}
