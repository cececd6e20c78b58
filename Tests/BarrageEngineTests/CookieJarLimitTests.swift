import CCurl
import Testing
@testable import BarrageEngine

/// The jar's bounds on lines as libcurl lists them (CURLINFO_COOKIELIST, Netscape format).
struct CookieJarLimitTests {
    static func line(_ domain: String, _ name: String, value: String = "v") -> String {
        [domain, "FALSE", "/", "FALSE", "0", name, value].joined(separator: "\t")
    }

    @Test func aJarWithinItsBoundsIsLeftAlone() {
        let lines = (0..<CookieJarLimit.perDomain).map { Self.line("127.0.0.1", "c\($0)") }
            + (0..<CookieJarLimit.perDomain).map { Self.line(".example.com", "c\($0)") }
        #expect(CookieJarLimit.trim(lines) == nil)
    }

    /// Past 180 in a domain, its oldest (first listed) go; another domain's are kept.
    @Test func theOldestOfAFullDomainAreDropped() throws {
        let full = (0..<230).map { Self.line("127.0.0.1", "c\($0)") }
        let other = (0..<5).map { Self.line("#HttpOnly_.other.test", "o\($0)") }
        let trimmed = try #require(CookieJarLimit.trim(Array(other[0..<2]) + full + Array(other[2...])))
        #expect(trimmed.dropped == 50)
        #expect(trimmed.kept.count == CookieJarLimit.perDomain + 5)
        #expect(trimmed.kept.filter { $0.hasPrefix("127.0.0.1\t") } == Array(full[50...]))
        #expect(trimmed.kept.filter { $0.contains("other.test") } == other)
    }

    /// `.example.com`, `example.com` and `#HttpOnly_example.com` are one domain.
    @Test func aDomainsSpellingsCountTogether() throws {
        let lines = (0..<200).map { Self.line(["example.com", ".example.com", "#HttpOnly_example.com"][$0 % 3], "c\($0)") }
        let trimmed = try #require(CookieJarLimit.trim(lines))
        #expect(trimmed.dropped == 20 && trimmed.kept == Array(lines[20...]))
    }

    /// Name and value over 4 KiB together are dropped wherever they are; 4096 bytes is kept.
    @Test func aCookieOverFourKiBIsDropped() throws {
        let exact = Self.line("a.test", "n", value: String(repeating: "x", count: CookieJarLimit.maxCookieBytes - 1))
        let over = Self.line("a.test", "n2", value: String(repeating: "x", count: CookieJarLimit.maxCookieBytes - 1))
        let trimmed = try #require(CookieJarLimit.trim([exact, over, Self.line("a.test", "small")]))
        #expect(trimmed.dropped == 1 && trimmed.kept == [exact, Self.line("a.test", "small")])
    }

    /// Many domains within their own bound still stop at the jar's total, oldest first.
    @Test func theJarsTotalIsBounded() throws {
        let lines = (0..<40).flatMap { domain in (0..<100).map { Self.line("d\(domain).test", "c\($0)") } }
        let trimmed = try #require(CookieJarLimit.trim(lines))
        #expect(trimmed.dropped == 1_000 && trimmed.kept == Array(lines[1_000...]))
    }

    @Test func aLineThatIsNotACookieIsDropped() throws {
        let trimmed = try #require(CookieJarLimit.trim(["not a cookie line", Self.line("a.test", "c")]))
        #expect(trimmed.dropped == 1 && trimmed.kept == [Self.line("a.test", "c")])
    }
}

/// ``CurlEasy/trimCookies(lastResponseSetCookies:)`` on a real libcurl handle: what is kept is
/// added back in its order and the count comes from the jar itself.
struct CurlCookieTrimTests {
    static func jar(_ lines: [String]) throws -> CurlEasy {
        let easy = try CurlEasy(timeoutMillis: 1_000, vuIndex: 0, body: nil)
        try easy.enableCookies()
        for line in lines { _ = barrage_easy_setopt_string(easy.handle, CURLOPT_COOKIELIST, line) }
        return easy
    }

    static func listed(_ easy: CurlEasy) -> [String] {
        var pointer: UnsafeMutableRawPointer?
        guard barrage_easy_getinfo_pointer(easy.handle, CURLINFO_COOKIELIST, &pointer) == CURLE_OK, let pointer else { return [] }
        let list = pointer.assumingMemoryBound(to: curl_slist.self)
        defer { curl_slist_free_all(list) }
        var lines: [String] = []
        var item: UnsafeMutablePointer<curl_slist>? = list
        while let current = item {
            if let data = current.pointee.data { lines.append(String(cString: data)) }
            item = current.pointee.next
        }
        return lines
    }

    @Test func theOldestAreDroppedAndTheRestKeptInOrder() throws {
        let lines = (0..<200).map { CookieJarLimitTests.line("127.0.0.1", "c\($0)") }
        let easy = try Self.jar(lines)
        defer { easy.cleanup() }
        #expect(Self.listed(easy).count == 200)
        #expect(easy.trimCookies(lastResponseSetCookies: 10) == 20)
        #expect(Self.listed(easy).map { $0.split(separator: "\t")[5] } == (20..<200).map { "c\($0)" })
        #expect(easy.trimCookies(lastResponseSetCookies: 10) == 0)
    }

    /// After a response at libcurl's cap nothing can be added back: within twice the bound the
    /// trim waits; past it the jar is emptied, every cookie counted.
    @Test func atLibcurlsPerResponseCapTheTrimWaitsThenEmpties() throws {
        let within = try Self.jar((0..<400).map { CookieJarLimitTests.line("127.0.0.1", "c\($0)") })
        defer { within.cleanup() }
        #expect(within.trimCookies(lastResponseSetCookies: 50) == 0)
        #expect(Self.listed(within).count == 400)
        let past = try Self.jar((0..<500).map { CookieJarLimitTests.line("127.0.0.1", "c\($0)") })
        defer { past.cleanup() }
        #expect(past.trimCookies(lastResponseSetCookies: 50) == 500)
        #expect(Self.listed(past).isEmpty)
    }
}
