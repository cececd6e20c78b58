import Foundation
import Testing
@testable import BarrageCore

/// `${urlencode(name)}` and `extract: {cookie: name}`: what `coord import har` writes for a value
/// a later request sends percent-encoded, and for a double-submit CSRF cookie.
struct URLEncodeAndCookieExtractionTests {
    static let names = TemplateNames(dataColumns: ["users": ["email"]], extracted: ["state"])

    @Test func percentEncodingKeepsOnlyUnreservedCharacters() {
        #expect(PercentEncoding.component("a b+/=~-._é&%") == "a%20b%2B%2F%3D~-._%C3%A9%26%25")
        #expect(PercentEncoding.component("") == "")
        #expect(PercentEncoding.component("AZaz09") == "AZaz09")
    }

    @Test func urlencodeWrapsOneVariableAndRendersItsValueEncoded() throws {
        let template = try Template.compile("/o?s=${urlencode(state)}&e=${ urlencode( users.email ) }", names: Self.names)
        #expect(template.segments == [
            .text("/o?s="), .variable(.urlEncoded(.extracted("state"))), .text("&e="), .variable(.urlEncoded(.data(set: "users", column: "email"))),
        ])
        #expect(template.source == "/o?s=${urlencode(state)}&e=${urlencode(users.email)}")
        #expect(try Template.compile(template.source, names: Self.names) == template)
        for (text, message) in [
            ("${urlencode(nope)}", "unknown variable '${nope}'"),
            ("${urlencode(urlencode(state))}", "invalid '${urlencode(urlencode(state))}': expected urlencode(name) around one variable"),
            ("${urlencode(state}", "invalid '${urlencode(state}'"),
        ] {
            #expect(throws: TemplateError.self) { try Template.compile(text, names: Self.names) }
            do {
                _ = try Template.compile(text, names: Self.names)
            } catch {
                #expect(error.description.hasPrefix(message), "\(error.description)")
            }
        }
    }

    @Test func setCookieValuesAreReadAsRFC6265Does() {
        #expect(SetCookieValue.value(of: "csrftoken", in: "csrftoken=Zx81kQ; Path=/; SameSite=Lax") == "Zx81kQ")
        #expect(SetCookieValue.value(of: "csrftoken", in: " csrftoken = a=b ;Path=/") == "a=b")
        #expect(SetCookieValue.value(of: "csrftoken", in: "sid=1; Path=/") == nil)
        #expect(SetCookieValue.value(of: "q", in: "q=\"quoted\"") == "\"quoted\"")
        #expect(SetCookieValue.pair("no-equals; Path=/") == nil)
        #expect(SetCookieValue.pair("=value") == nil)
    }

    @Test func cookieExtractionsTravelAndBadNamesAreRefused() throws {
        let extraction = Extraction(name: "xsrf", source: .cookie("csrftoken"))
        let data = try JSONEncoder().encode(extraction)
        #expect(String(decoding: data, as: UTF8.self).contains(#""cookie":"csrftoken""#))
        #expect(try JSONDecoder().decode(Extraction.self, from: data) == extraction)
        #expect(!Extraction.Source.cookie("c").needsBody)
        for bad in [#"{"name":"x","cookie":"a b"}"#, #"{"name":"x","cookie":"c","header":"H"}"#, #"{"name":"x","cookie":""}"#] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(Extraction.self, from: Data(bad.utf8)) }
        }
    }
}
