import Testing
@testable import BarrageCore

/// The JSONPath subset of `extract: {json: ...}`, walked over raw bytes.
struct JSONPathTests {
    static let body = #"""
        {"access_token": "t0k\"en\u0041", "n": 12.5e1, "ok": true, "none": null,
         "data": {"items": [{"id": 1}, {"id": 22, "tags": ["a", {"x": "deep"}]}], "empty": {}},
         "skip": [[1, [2, {"a": "}"}]], "]"], "user": {"name": "ann"}}
        """#

    @Test(arguments: [
        ("$.access_token", "t0k\"enA"),
        ("$.n", "12.5e1"),
        ("$.ok", "true"),
        ("$.none", "null"),
        ("$.data.items[1].id", "22"),
        ("$.data.items[1].tags[1].x", "deep"),
        ("$['user']['name']", "ann"),
        ("$.user.name", "ann"),
    ])
    func findsValues(path: String, value: String) throws {
        #expect(try JSONPath(path).value(in: Array(Self.body.utf8)) == value)
    }

    @Test(arguments: ["$.missing", "$.data.items[5].id", "$.data", "$.data.items", "$.ok.deeper", "$.user[0]"])
    func missingOrNonScalarIsNil(path: String) throws {
        #expect(try JSONPath(path).value(in: Array(Self.body.utf8)) == nil)
    }

    @Test(arguments: ["", "{", "{\"a\":", "{\"a\":\"unterminated", "[1,2", "\"x\"", String(repeating: "[", count: 10_000)])
    func brokenBodiesAreNilNotACrash(body: String) throws {
        #expect(try JSONPath("$.a").value(in: Array(body.utf8)) == nil)
        #expect(try JSONPath("$[0][0]").value(in: Array(body.utf8)) == nil || body.hasPrefix("[["))
    }

    @Test(arguments: [
        ("a.b", "must start with '$'"),
        ("$.", "empty name after '.'"),
        ("$.a[", "is not closed"),
        ("$.a[-1]", "expected an index >= 0"),
        ("$.a[x]", "expected an index >= 0"),
        ("$a", "expected '.name' or '[...]'"),
    ])
    func rejectsBadPaths(path: String, detail: String) {
        do {
            _ = try JSONPath(path)
            Issue.record("accepted \(path)")
        } catch {
            #expect(error.description.contains(detail), "\(error.description)")
        }
    }
}
