import Testing
@testable import BarrageCoordinator

struct OneLineTextTests {
    @Test(arguments: [
        ("plain text", "plain text"),
        ("a\nb\r\nc\td", "a\\nb\\r\\nc\\td"),
        ("\u{1B}[31mred", "\\u{1B}[31mred"),
        ("line\u{2028}sep\u{85}nel", "line\\u{2028}sep\\u{85}nel"),
        ("ünïcödé ✓", "ünïcödé ✓"),
    ])
    func escapesControlCharacters(text: String, escaped: String) {
        #expect(OneLineText.escape(text) == escaped)
    }

    /// Found by FuzzScenarioLoader (Fuzz/Corpus/FuzzScenarioLoader/crash-multiline-threshold-error.yaml):
    /// a quoted threshold spanning lines made `coord run` print a two-line error.
    @Test func scenarioErrorsQuotingMultiLineValuesStayOnOneLine() {
        let text = """
            target: http://127.0.0.1:8080
            scenarios: {s: {executor: constant-vus, vus: 1, duration: 1s}}
            requests: [{path: /}]
            thresholds:
              http_req_duration: ["p(95)<500

               x\\e[31m"]

            """
        #expect(throws: ScenarioFileError.self) { try ScenarioFile.parse(text, file: "s.yaml", baseDirectory: "/") }
        do {
            _ = try ScenarioFile.parse(text, file: "s.yaml", baseDirectory: "/")
        } catch {
            #expect(!error.description.contains("\n") && !error.description.contains("\u{1B}"), "\(error.description)")
            #expect(error.description.contains("500\\nx\\u{1B}[31m"), "\(error.description)")
        }
    }

    @Test func agentsFileErrorsQuotingMultiLineKeysStayOnOneLine() {
        do {
            _ = try AgentsFile.parse("\"agents\\nx\": []\n", path: "agents.yaml")
            Issue.record("accepted")
        } catch {
            #expect(error.description == "agents.yaml: line 1: unknown key 'agents\\nx' (expected 'agents')")
        }
    }
}
