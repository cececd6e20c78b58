import Testing
@testable import BarrageCore

struct TargetAllowListTests {
    @Test(arguments: [
        ("example.test", "example.test", 80, true), ("example.test", "EXAMPLE.test", 8080, true),
        ("example.test:8080", "example.test", 8080, true), ("example.test:8080", "example.test", 80, false),
        ("10.0.0.0/8", "10.200.3.4", 443, true), ("10.0.0.0/8", "11.0.0.1", 443, false),
        ("127.0.0.1", "127.0.0.1", 1, true), ("127.0.0.1", "127.0.0.2", 1, false),
        ("127.0.0.1:9000", "127.0.0.1", 9001, false), ("[::1]:8080", "::1", 8080, true),
        ("fd00::/8", "fd12::1", 80, true), ("fd00::/8", "fe80::1", 80, false), ("[fd00::/8]:81", "fd00::2", 81, true),
        ("127.0.0.1", "::ffff:127.0.0.1", 80, true), ("example.test", "127.0.0.1", 80, false),
    ])
    func matchesHostsPortsAndBlocks(entry: String, host: String, port: Int, allowed: Bool) throws {
        let list = try TargetAllowList(parsing: [entry])
        #expect(list.allows(host: host, port: port) == allowed)
    }

    @Test(arguments: ["", "a b", "10.0.0.0/33", "host:0", "host:65536", "[::1", "x\u{0}y", "1.2.3.4/8/8", "a/b"])
    func rejectsMalformedEntries(entry: String) {
        #expect(throws: TargetAllowListError.self) { try TargetAllowList(parsing: [entry]) }
    }

    @Test func emptyAllowsAllAndCommasSplit() throws {
        #expect(try TargetAllowList(parsing: []).allows(host: "anything", port: 1))
        let list = try TargetAllowList(parsing: ["a.test,10.0.0.0/8"])
        #expect(list.entries.count == 2 && list.hostNames == ["a.test"])
        let rules = list.connectRules(resolved: ["a.test": [try #require(IPAddress("192.0.2.7"))]])
        #expect(rules.count == 2)
        let address = try #require(IPAddress("192.0.2.7"))
        #expect(rules.contains { $0.allows(address, port: 80) })
    }

    @Test func peerTextIsEscapedAndCut() {
        #expect(PeerText.escape("a\nb\u{1b}[2J\\") == "a\\u{a}b\\u{1b}[2J\\\\")
        #expect(PeerText.escape(String(repeating: "x", count: 10), limit: 3) == "xxx...")
        #expect(PeerText.hasControlCharacter("ok\u{7f}") && PeerText.hasControlCharacter("\u{2028}") && !PeerText.hasControlCharacter("héllo"))
    }

    @Test func saturatingArithmeticNeverTraps() {
        #expect(Int64.max.addingSaturating(1) == .max && Int64.min.subtractingSaturating(1) == .min)
        #expect(Int64.min.addingSaturating(-1) == .min && Int64(5).subtractingSaturating(7) == -2)
        #expect(UInt64.max.addingSaturating(UInt64.max) == .max)
        var counters = Counters()
        counters.httpReqs = .max
        counters.add(counters)
        #expect(counters.httpReqs == .max)
    }
}
