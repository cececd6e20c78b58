#if canImport(Glibc)
import Glibc
#endif

/// A POSIX extended regular expression compiled once per loop (`regcomp`), matched against
/// response bodies (`regexec`); its value is the first capture group. Owned by one loop thread.
///
/// See https://man7.org/linux/man-pages/man3/regcomp.3.html
final class RegexMatcher {
    private let compiled: UnsafeMutablePointer<regex_t>

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

    /// The first capture group's text in `body` (matched up to its first NUL byte), or nil.
    func firstGroup(in body: inout [UInt8]) -> String? {
        body.append(0)
        defer { body.removeLast() }
        return body.withUnsafeBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress else { return nil }
            var matches = [regmatch_t](repeating: regmatch_t(), count: 2)
            let found = base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { text in
                regexec(compiled, text, 2, &matches, 0) == 0
            }
            let start = Int(matches[1].rm_so)
            let end = Int(matches[1].rm_eo)
            guard found, start >= 0, end >= start, end < buffer.count else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
        }
    }

    /// `regerror`'s text for a failed `regcomp`.
    static func errorText(_ status: Int32, _ compiled: UnsafeMutablePointer<regex_t>) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        regerror(status, compiled, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
