import Testing
@testable import BarrageCoordinator

struct DashboardHostCheckTests {
    @Test func loopbackAnswersItsLoopbackNamesOnItsPort() {
        let check = DashboardHostCheck(flagHost: "127.0.0.1", boundAddress: "127.0.0.1", port: 5665)
        for host in ["127.0.0.1:5665", "localhost:5665", "LocalHost.:5665", "[::1]:5665", "[0:0::1]:5665"] {
            #expect(check.allows(host), "\(host)")
        }
        for host in [
            "evil.example:5665", "127.0.0.1:80", "127.0.0.1", "localhost", "127.0.0.1:5666", "127.0.0.2:5665", "localhost.evil.example:5665",
            "127.0.0.1:5665:1", "::1:5665", "[::1]", "[::1]x:5665", "127.0.0.1:+5665", "127.0.0.1:", "", "127.0.0.1:05665x",
        ] {
            #expect(!check.allows(host), "\(host)")
        }
        #expect(!check.allows(nil))
    }

    @Test func aNameOrAnOtherAddressAnswersOnlyToItself() {
        let named = DashboardHostCheck(flagHost: "dash.lan", boundAddress: "10.1.2.3", port: 80)
        #expect(named.allows("dash.lan") && named.allows("DASH.LAN:80") && named.allows("10.1.2.3"))
        #expect(!named.allows("localhost") && !named.allows("127.0.0.1") && !named.allows("other.lan") && !named.allows("dash.lan:8080"))
        let v6 = DashboardHostCheck(flagHost: "fd00::5", boundAddress: "fd00::5", port: 9000)
        #expect(v6.allows("[fd00::5]:9000") && v6.allows("[FD00:0::5]:9000"))
        #expect(!v6.allows("[::1]:9000") && !v6.allows("localhost:9000") && !v6.allows("fd00::5:9000"))
        let local = DashboardHostCheck(flagHost: "localhost", boundAddress: "127.0.0.1", port: 1234)
        #expect(local.allows("localhost:1234") && local.allows("127.0.0.1:1234") && local.allows("[::1]:1234"))
    }
}
