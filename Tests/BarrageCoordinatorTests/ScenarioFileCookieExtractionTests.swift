import BarrageCore
import Testing
@testable import BarrageCoordinator

/// `extract: {name: {cookie: csrftoken}}` and `${urlencode(name)}` in a scenario file.
struct ScenarioFileCookieExtractionTests {
    static func file(_ requests: String) -> String {
        """
        target: http://127.0.0.1:8080
        scenarios:
          s: {executor: constant-vus, vus: 1, duration: 1s}
        requests:
        \(requests)
        """
    }

    @Test func cookieExtractionsAndURLEncodedValuesLoad() throws {
        let scenario = try ScenarioFile.parse(Self.file("""
              - {name: home, path: /home, extract: {csrftoken: {cookie: csrftoken}, state: {json: "$.state"}}}
              - {name: order, method: POST, path: "/o?s=${urlencode(state)}", headers: {X-CSRFToken: "${csrftoken}"}}
            """), file: "s.yaml", baseDirectory: "/nonexistent", environment: [:])
        #expect(scenario.requests[0].extract == [Extraction(name: "csrftoken", source: .cookie("csrftoken")), Extraction(name: "state", source: .json("$.state"))])
        #expect(scenario.requests[1].url == "http://127.0.0.1:8080/o?s=${urlencode(state)}")
    }

    @Test func badCookieNamesAreOneLine() {
        for (requests, message) in [
            ("  - {name: a, path: /x, extract: {t: {cookie: 'a b'}}}", "s.yaml:5: requests[0].extract.t.cookie: expected a cookie name"),
            ("  - {name: a, path: /x, extract: {t: {cookie: c, header: H}}}", "s.yaml:5: requests[0].extract.t"),
        ] {
            do {
                _ = try ScenarioFile.parse(Self.file(requests), file: "s.yaml", baseDirectory: "/nonexistent", environment: [:])
                Issue.record("accepted \(requests)")
            } catch {
                #expect(error.description.hasPrefix(message), "\(error.description)")
                #expect(!error.description.contains("\n"))
            }
        }
    }
}
