/// The bounds of a VU's cookie jar, as browsers keep theirs (RFC 6265 §6.1 asks for at least 50
/// per domain and 3000 in all; Chrome keeps 180 per domain and 3300 in all): a target that sets
/// new cookies on every response must not grow an agent's memory without end.
///
/// Pure: it reads the jar as libcurl lists it (CURLINFO_COOKIELIST, Netscape format, one cookie a
/// line: domain, subdomains, path, secure, expiry, name, value, tab-separated), in its order, which
/// is the order the cookies were first set within each domain, and says which to keep.
enum CookieJarLimit {
    static let perDomain = 180
    static let total = 3_000
    /// Name and value together, in bytes (libcurl itself refuses longer ones since 7.69).
    static let maxCookieBytes = 4_096

    /// The lines to keep, in their order, and how many were dropped: a cookie of more than
    /// ``maxCookieBytes``, the oldest of a domain beyond ``perDomain``, then the oldest of the jar
    /// beyond ``total``. Nil when the jar is within bounds.
    static func trim<Line: StringProtocol>(_ lines: [Line]) -> (kept: [Line], dropped: Int)? {
        var counts: [Substring: Int] = [:]
        var keys: [Substring?] = []
        keys.reserveCapacity(lines.count)
        for line in lines {
            let fields = line.split(separator: "\t", maxSplits: 6, omittingEmptySubsequences: false)
            guard fields.count == 7, fields[5].utf8.count + fields[6].utf8.count <= maxCookieBytes else {
                keys.append(nil)
                continue
            }
            let key = domain(Substring(fields[0]))
            counts[key, default: 0] += 1
            keys.append(key)
        }
        let valid = keys.count(where: { $0 != nil })
        guard valid < lines.count || valid > total || counts.values.contains(where: { $0 > perDomain }) else { return nil }
        // Drop the first (oldest) `count - perDomain` of each domain.
        var toSkip = counts.mapValues { max($0 - perDomain, 0) }
        var kept: [Line] = []
        for (line, key) in zip(lines, keys) {
            guard let key else { continue }
            if let skip = toSkip[key], skip > 0 {
                toSkip[key] = skip - 1
                continue
            }
            kept.append(line)
        }
        if kept.count > total { kept.removeFirst(kept.count - total) }
        return (kept, lines.count - kept.count)
    }

    /// The domain a line's cookie belongs to: without libcurl's `#HttpOnly_` prefix or a leading dot.
    static func domain(_ field: Substring) -> Substring {
        var name = field
        if name.hasPrefix("#HttpOnly_") { name = name.dropFirst("#HttpOnly_".count) }
        if name.hasPrefix(".") { name = name.dropFirst() }
        return name
    }
}
