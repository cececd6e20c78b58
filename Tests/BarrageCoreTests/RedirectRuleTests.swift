import Testing
@testable import BarrageCore

/// The redirect rules the engine follows hop by hop (Fetch and curl's defaults).
struct RedirectRuleTests {
    @Test func onlyTheFiveRedirectStatusesAreFollowed() {
        #expect([301, 302, 303, 307, 308].allSatisfy(RedirectRule.follows))
        #expect(![200, 300, 304, 305, 306, 309, 399, 0, -302, .max].contains(where: RedirectRule.follows))
    }

    @Test(arguments: [
        (303, "POST", RedirectRule.Method.get), (303, "PUT", .get), (303, "GET", .get), (303, "HEAD", .keep),
        (301, "POST", .get), (302, "POST", .get), (301, "PUT", .keep), (302, "DELETE", .keep), (302, "GET", .keep),
        (307, "POST", .keep), (308, "POST", .keep), (307, "PATCH", .keep),
    ])
    func theMethodAfterAHop(status: Int, method: String, expected: RedirectRule.Method) {
        #expect(RedirectRule.method(after: status, method: method) == expected)
    }

    @Test func credentialHeadersAreRecognisedByName() {
        #expect(RedirectRule.carriesCredentials(line: "Authorization: Bearer x"))
        #expect(RedirectRule.carriesCredentials(line: "cookie:a=b"))
        #expect(RedirectRule.carriesCredentials(line: "Proxy-Authorization : Basic x"))
        #expect(!RedirectRule.carriesCredentials(line: "X-Authorization: x"))
        #expect(!RedirectRule.carriesCredentials(line: "Expect:"))
        #expect(!RedirectRule.carriesCredentials(line: "no colon"))
    }
}
