import Testing
@testable import BarrageEngine

/// The windows a regex searches a body in (issue #21 item 5): same answers as one `regexec` for
/// matches up to ``RegexMatcher/maxMatchBytes``, anchors only at the body's ends, a cap on bytes.
struct RegexMatcherTests {
    static func group(_ pattern: String, _ body: String) throws -> String? {
        var bytes = Array(body.utf8)
        return try RegexMatcher(pattern, name: "t").firstGroup(in: &bytes)
    }

    @Test func findsMatchesAcrossWindowBoundaries() throws {
        let filler = String(repeating: "x", count: RegexMatcher.windowBytes - 5)
        #expect(try Self.group("id=([0-9]+);", filler + "id=1234567;") == "1234567")
        #expect(try Self.group("(a+)b", String(repeating: "-", count: 10_000) + "aaab") == "aaa")
        #expect(try Self.group("(q)", String(repeating: "z", count: 20_000)) == nil)
    }

    @Test func anchorsMatchOnlyAtTheBodysEnds() throws {
        let long = String(repeating: "y", count: 3 * RegexMatcher.windowBytes)
        #expect(try Self.group("^(y)", long) == "y")
        #expect(try Self.group("^(yz)", long + "z") == nil)
        #expect(try Self.group("(z)$", long + "z") == "z")
        #expect(try Self.group("(y)$", long + "z") == nil)
    }

    @Test func seesOnlyTheFirstBytesAndStopsAtNul() throws {
        let late = String(repeating: "w", count: RegexMatcher.maxBodyBytes) + "token=abc"
        #expect(try Self.group("token=([a-z]+)", late) == nil)
        #expect(try Self.group("token=([a-z]+)", "token=ab\u{0}cd") == "ab")
    }

    @Test func theQuadraticCaseIsBounded() throws {
        let matcher = try RegexMatcher("([a-z]+)@example", name: "t")
        var body = Array(String(repeating: "a", count: 4 << 20).utf8)
        #expect(matcher.firstGroup(in: &body) == nil)
        // One regexec over these 4 MiB would take hours. It sees only the first 32 KiB, in windows
        // of 4 KiB (each quadratic at worst) overlapping by 1 KiB: 11 windows, 43 KiB in all.
        let step = RegexMatcher.windowBytes - RegexMatcher.maxMatchBytes
        let windows = (RegexMatcher.maxBodyBytes - RegexMatcher.maxMatchBytes + step - 1) / step
        #expect(matcher.searchedBytes <= windows * RegexMatcher.windowBytes, "\(matcher.searchedBytes) bytes searched")
        #expect(matcher.searchedBytes >= RegexMatcher.maxBodyBytes)
    }
}
