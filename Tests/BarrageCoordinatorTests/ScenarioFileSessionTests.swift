import BarrageCore
import Testing
@testable import BarrageCoordinator

/// The session keys of scenario files: templates checked at load, `extract:`, `cookies:`, `http:`.
struct ScenarioFileSessionTests {
    static func file(_ requests: String, top: String = "") -> String {
        """
        target: http://127.0.0.1:8080
        \(top)scenarios:
          s: {executor: constant-vus, vus: 1, duration: 1s}
        requests:
        \(requests)
        """
    }

    func parse(_ text: String, environment: [String: String] = [:]) throws(ScenarioFileError) -> Scenario {
        try ScenarioFile.parse(text, file: "s.yaml", baseDirectory: "/nonexistent", environment: environment)
    }

    @Test func templatesExtractionsAndSessionOptionsLoad() throws {
        let scenario = try parse(Self.file("""
              - name: login
                method: POST
                path: /login?a=$${x}
                body: '{"u":"${vu}","k":"${env.KEY}"}'
                extract:
                  token: {json: "$.access_token"}
                  csrf: {regex: 'name="csrf" value="([^"]+)"'}
                  next: {header: Location}
              - name: me
                path: /me/${iteration}
                headers: {Authorization: "Bearer ${token}"}
                checks: {bodyContains: "${csrf}", headers: {X-Next: "${next}"}}
            """, top: "cookies: perVU\nhttp: {version: \"2\", maxRedirects: 0, compression: true, insecureSkipTLSVerify: true}\n"),
            environment: ["KEY": "k1"])
        #expect(scenario.requests[0].url == "http://127.0.0.1:8080/login?a=$${x}")
        #expect(scenario.requests[0].body == #"{"u":"${vu}","k":"k1"}"#)
        #expect(scenario.requests[0].extract?.map(\.name) == ["token", "csrf", "next"])
        #expect(scenario.requests[0].checkNames.suffix(3) == ["login: extract token", "login: extract csrf", "login: extract next"])
        #expect(scenario.requests[1].headers == [HTTPHeader(name: "Authorization", value: "Bearer ${token}")])
        #expect(scenario.session == SessionSpec(
            cookies: .perVU, http: HTTPOptions(version: .http2, insecureSkipTLSVerify: true, maxRedirects: 0, compression: true)))
    }

    @Test(arguments: [
        ("  - {name: a, path: '/x/${nope}'}", 5, "requests[0].path", "unknown variable '${nope}'"),
        // Any step may use a name any step extracts (loops and `scope: vu` reach back); a typo is still refused.
        ("  - {name: a, path: /x, headers: {A: '${tokn}'}}\n  - {name: b, path: /y, extract: {token: {header: T}}}", 5,
         "requests[0].headers.A", "unknown variable '${tokn}'"),
        ("  - {name: a, path: /x, extract: {t: {json: 'access_token'}}}", 5, "requests[0].extract.t.json", "invalid JSONPath 'access_token'"),
        ("  - {name: a, path: /x, extract: {t: {regex: 'a(b'}}}", 5, "requests[0].extract.t.regex", "invalid regex 'a(b'"),
        ("  - {name: a, path: /x, extract: {t: {regex: 'abc'}}}", 5, "requests[0].extract.t.regex", "has no capture group"),
        ("  - {name: a, path: /x, extract: {vu: {header: X}}}", 5, "requests[0].extract.vu", "invalid name 'vu'"),
        ("  - {name: a, url: 'http://${env.H}/x'}", 5, "requests[0].url", "the environment variable H is not set"),
        ("  - {name: a, path: '/x', body: '${randomInt(9,1)}'}", 5, "requests[0].body", "invalid '${randomInt(9,1)}'"),
    ] as [(String, Int, String, String)])
    func badTemplatesAreOneLineWithFileLineAndKey(requests: String, line: Int, key: String, message: String) {
        do {
            _ = try parse(Self.file(requests))
            Issue.record("accepted \(requests)")
        } catch {
            #expect(error.line == line && error.keyPath == key, "\(error.description)")
            #expect(error.message.contains(message), "\(error.description)")
            #expect(error.description.hasPrefix("s.yaml:\(line): \(key): "))
        }
    }

    @Test func templatedHostsAreRefused() {
        #expect(throws: ScenarioFileError.self) {
            try parse(Self.file("  - {name: a, url: 'http://h${vu}.test/x'}"))
        }
    }

    @Test(arguments: [
        ("cookies: always\n", "cookies", "expected perIteration, perVU or off"),
        ("http: {version: 3}\n", "http.version", "expected \"1.1\" or \"2\""),
        ("http: {maxRedirects: -1}\n", "http.maxRedirects", "expected a whole number >= 0"),
        ("http: {tlsCA: missing.pem}\n", "http.tlsCA", "can't read PEM file"),
        // Only regular files: an endless device is refused before a byte is read.
        ("http: {tlsCA: /dev/zero}\n", "http.tlsCA", "can't read PEM file '/dev/zero': it is a device, not a regular file"),
        ("http: {proxy: x}\n", "http.proxy", "unknown key 'proxy'"),
    ])
    func badSessionOptions(top: String, key: String, message: String) {
        do {
            _ = try parse(Self.file("  - {path: /}", top: top))
            Issue.record("accepted \(top)")
        } catch {
            #expect(error.keyPath == key && error.message.contains(message), "\(error.description)")
        }
    }
}
