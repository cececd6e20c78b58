#if canImport(Glibc)
import Glibc
#endif

/// A POSIX extended regular expression compiled once per loop (`regcomp`), matched against
/// response bodies (`regexec`); its value is the first capture group. Owned by one loop thread.
///
/// See https://man7.org/linux/man-pages/man3/regcomp.3.html
final class RegexMatcher {
    private let compiled: UnsafeMutablePointer<regex_t>
    /// Bytes handed to `regexec` so far, windows' overlaps counted twice: what bounds the work
    /// (RegexMatcherTests check it instead of timing a quadratic pattern).
    private(set) var searchedBytes = 0

    init(_ pattern: String, name: String) throws(EngineError) {
        compiled = .allocate(capacity: 1)
        let status = regcomp(compiled, pattern, REG_EXTENDED)
        guard status == 0 else {
            let message = Self.errorText(status, compiled)
            compiled.deallocate()
            throw .badSession("extract \(name): invalid regex '\(pattern)': \(message)")
        }
        guard compiled.pointee.re_nsub >= 1 else {
            regfree(compiled)
            compiled.deallocate()
            throw .badSession("extract \(name): the regex '\(pattern)' has no capture group: put the value in (...)")
        }
    }

    deinit {
        regfree(compiled)
        compiled.deallocate()
    }

    /// The most bytes of a body a regex sees: the target is untrusted, and glibc's `regexec` is
    /// quadratic on some patterns (`([a-z]+)@example` over 256 KiB of letters took 160 s).
    static let maxBodyBytes = 32 * 1024
    /// The body is searched in windows this long, so the work grows with the body's length times
    /// this, not with its square: worst case about 10 ms a window, 0.1 s for ``maxBodyBytes``.
    static let windowBytes = 4096
    /// Windows overlap by this much: a match up to this long is found wherever it starts.
    static let maxMatchBytes = 1024

    /// The first capture group's text in the first ``maxBodyBytes`` of `body` (up to its first
    /// NUL byte), or nil. A match is at most ``maxMatchBytes`` long.
    func firstGroup(in body: inout [UInt8]) -> String? {
        body.withUnsafeBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress else { return nil }
            let seen = buffer.prefix(Self.maxBodyBytes)
            let limit = seen.firstIndex(of: 0) ?? seen.count
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { text -> String? in
                var start = 0
                while true {
                    let end = min(start + Self.windowBytes, limit)
                    searchedBytes &+= end - start
                    if let (from, to) = firstGroup(text, from: start, to: end, isBodyEnd: end == limit && (limit < seen.count || seen.count == buffer.count)) {
                        return String(decoding: UnsafeBufferPointer(rebasing: buffer[from..<to]), as: UTF8.self)
                    }
                    guard end < limit else { return nil }
                    start = end - Self.maxMatchBytes
                }
            }
        }
    }

    /// The first group's byte range in `text[from..<to]` (`REG_STARTEND`); `^` and `$` match only
    /// at the body's own start and end.
    private func firstGroup(_ text: UnsafePointer<CChar>, from: Int, to: Int, isBodyEnd: Bool) -> (Int, Int)? {
        var matches = [regmatch_t](repeating: regmatch_t(), count: 2)
        matches[0].rm_so = regoff_t(from)
        matches[0].rm_eo = regoff_t(to)
        let flags = REG_STARTEND | (from > 0 ? REG_NOTBOL : 0) | (isBodyEnd ? 0 : REG_NOTEOL)
        guard regexec(compiled, text, 2, &matches, flags) == 0 else { return nil }
        let start = Int(matches[1].rm_so)
        let end = Int(matches[1].rm_eo)
        guard start >= from, end >= start, end <= to else { return nil }
        return (start, end)
    }

    /// `regerror`'s text for a failed `regcomp`.
    static func errorText(_ status: Int32, _ compiled: UnsafeMutablePointer<regex_t>) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        regerror(status, compiled, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
