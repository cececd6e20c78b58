import BarrageCore
import Testing

struct URLRedactionTests {
    @Test(arguments: [
        ("http://u:p@host/", "http://***@host/"),
        ("https://user@host:8443/a?b=c@d", "https://***@host:8443/a?b=c@d"),
        ("http://a:b@c@host", "http://***@host"),
        ("http://host/path@x", "http://host/path@x"),
        ("http://host/", "http://host/"),
        ("GET http://u:p@a/ then http://x:y@b/", "GET http://***@a/ then http://***@b/"),
        ("mail me@example.com", "mail me@example.com"),
        ("http://u:p@[::1]:80/", "http://***@[::1]:80/"),
    ])
    func hidesUserInformationOnly(text: String, shown: String) {
        #expect(URLRedaction.redact(text) == shown)
    }

    @Test func specKeepsNoCredentialsInURLsOrNames() throws {
        var spec = RunSpec(url: "http://u:secret@127.0.0.1:1/", vus: 1, durationMicros: 1_000_000)
        spec.requests = [RequestSpec(name: "http://u:secret@127.0.0.1:1/a", method: "GET", url: "http://u:secret@127.0.0.1:1/a")]
        let shown = spec.redactingCredentials
        #expect(!"\(shown)".contains("secret"))
        #expect(shown.url == "http://***@127.0.0.1:1/")
        #expect(spec.url.contains("secret"))
    }
}
