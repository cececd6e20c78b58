import Foundation
import Testing
@testable import BarrageImport

struct ImportPartsTests {
    @Test(arguments: [
        ("2024-01-01T00:00:00Z", 1_704_067_200_000.0),
        ("2024-01-01T00:00:00.5Z", 1_704_067_200_500.0),
        ("2024-01-01T01:00:00.123456+01:00", 1_704_067_200_123.456),
        ("2024-01-01T00:00:00-0030", 1_704_069_000_000.0),
    ])
    func harTimes(text: String, millis: Double) throws {
        let parsed = try #require(HARTime.millis(text))
        #expect(abs(parsed - millis) < 0.01)
    }

    @Test(arguments: ["", "yesterday", "2024-13-01T00:00:00Z", "2024-01-01T00:00:00+1", "2024-01-01T00:00:00Zjunk"])
    func badHARTimes(text: String) {
        #expect(HARTime.millis(text) == nil)
    }

    @Test func dynamicValues() {
        let rule = DynamicValue(literal: ["shop.test"])
        for value in ["Tk9aXy7Qp2Lm", "48213", "eyJhbGciOi.abc123", "550e8400-e29b-41d4-a716-446655440000", "QWxhZGRpbjpvcGVuU2VzYW1l"] {
            #expect(rule.isDynamic(value), "\(value)")
        }
        for value in ["1", "42", "true", "null", "checkout", "shop.test", "en-US", "has space 1234", "0001"] {
            #expect(!rule.isDynamic(value), "\(value)")
        }
    }

    @Test func yamlQuotingKeepsStructureCharactersAsText() {
        #expect(YAMLText.quoted("a: b # c\n\"d\"\\") == #""a: b # c\n\"d\"\\""#)
        #expect(YAMLText.quoted("\u{1}\u{85}\u{2028}") == #""\u0001\u0085\u2028""#)
        #expect(YAMLText.comment("one\ntwo") == "one two")
    }

    @Test func htmlAttributesAndRegexesFindTheValueAgain() {
        let response = RecordedResponse(requestIndex: 0, headers: [], body: nil, isJSON: false)
        let body = #"<input name='other' value='zz99zz99'><INPUT type=hidden value='v4lue123' NAME='tok'><meta property="og:nonce" content="n0nc3n0nc3">"#
        let found = HTMLValues.candidates(in: body, response: response) { DynamicValue(literal: []).isDynamic($0) }
        #expect(found.map(\.value) == ["zz99zz99", "v4lue123", "n0nc3n0nc3"])
        for candidate in found {
            guard case .html(let pattern, _) = candidate.location else { Issue.record("not html"); continue }
            #expect(POSIXRegex.firstCapture(pattern, in: body) == candidate.value)
        }
    }

    @Test func contextPatternsAreCheckedAgainstTheBody() {
        let body = "<a href=\"/orders/583921/view\">order</a>"
        let pattern = Correlator.contextPattern(for: "583921", in: body)
        #expect(pattern.flatMap { POSIXRegex.firstCapture($0, in: body) } == "583921")
        #expect(Correlator.contextPattern(for: "absent", in: body) == nil)
    }

    @Test func recordedURLs() throws {
        let url = try RecordedURL("HTTPS://User:pw@Shop.Test:443/a b?q=1#frag")
        #expect(url.origin == "https://shop.test")
        #expect(url.pathAndQuery == "/a%20b?q=1")
        #expect(try RecordedURL("http://[::1]:8080").origin == "http://[::1]:8080")
        #expect(throws: ImportError.self) { try RecordedURL("http://a.test:99999/") }
        #expect(throws: ImportError.self) { try RecordedURL("chrome-extension://abc/x") }
    }
}
