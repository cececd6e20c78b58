import BarrageCore
import Foundation
import Testing
@testable import BarrageCoordinator
@testable import BarrageImport

struct CurlImporterTests {
    func load(_ text: String) throws -> (ImportResult, Scenario) {
        let result = try CurlImporter.importCommands(text, bodyFilePrefix: "curl")
        let folder = NSTemporaryDirectory() + "curl-import-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in result.bodyFiles { try file.text.write(toFile: folder + "/" + file.name, atomically: true, encoding: .utf8) }
        return (result, try ScenarioFile.parse(result.yaml, file: "curl.yaml", baseDirectory: folder, environment: [:]))
    }

    /// Chrome's "Copy all as cURL (bash)": `$'...'` bodies, `-b` cookies, line continuations.
    @Test func chromeCopyAsCurl() throws {
        let text = #"""
            curl 'https://shop.test/api/cart?lang=en' \
              -H 'accept: application/json, text/plain, */*' \
              -H 'content-type: application/json' \
              -b 'sid=abc123' \
              -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64)' \
              --data-raw $'{"note":"it\'s \\u00e9 ${x}","qty":2}' \
              --compressed
            curl 'https://shop.test/logout' -X 'POST' -H 'accept: */*' --compressed ;
            curl https://shop.test/logout -X POST
            """#
        let (result, scenario) = try load(text)
        #expect(scenario.requests.map(\.name) == ["POST /api/cart", "POST /logout", "POST /logout (2)"])
        #expect(scenario.requests[0].url == "https://shop.test/api/cart?lang=en")
        #expect(scenario.requests[0].body == #"{"note":"it's \u00e9 $${x}","qty":2}"#)
        #expect(scenario.requests[0].headers.contains(HTTPHeader(name: "Cookie", value: "sid=abc123")))
        #expect(scenario.session?.http.compression == true)
        #expect(result.warnings.contains { $0.contains("Cookie") })
    }

    @Test func formsQueriesAuthAndMethods() throws {
        let (_, scenario) = try load("""
            curl -G http://a.test/search -d q=shoes --data-urlencode 'c=a b'
            curl -F name=x -F age=5 http://a.test/people
            curl -I -u user:pw http://a.test/h
            curl --json '{"a":1}' http://b.test/j --url-query x
            """)
        #expect(scenario.requests[0].url == "http://a.test/search?q=shoes&c=a+b")
        #expect(scenario.requests[0].method == "GET")
        #expect(scenario.requests[1].body?.contains("name=\"age\"\r\n\r\n5\r\n") == true)
        #expect(scenario.requests[2].method == "HEAD")
        #expect(scenario.requests[2].headers.contains(HTTPHeader(name: "Authorization", value: "Basic dXNlcjpwdw==")))
        #expect(scenario.requests[3].url == "http://b.test/j")
        #expect(scenario.requests[3].headers.contains(HTTPHeader(name: "Content-Type", value: "application/json")))
    }

    @Test(arguments: [
        ("", "curl command: no command given"),
        ("wget http://a.test/", "curl command: command 1 does not start with curl"),
        ("curl -H 'x: y'", "curl command: command 1 has no URL"),
        ("curl 'http://a.test/", "curl command: a ' quote is not closed"),
        ("curl -d @body.json http://a.test/", "curl command: command 1: -d @body.json reads a file"),
        ("curl -F f=@a.png http://a.test/", "curl command: command 1: -F f=@a.png uploads a file"),
        ("curl -X TRACE http://a.test/", "curl command: command 1: method TRACE"),
        ("curl file:///etc/passwd", "not an http(s) URL"),
        ("curl http://a.test/ -H", "curl command: command 1: -H needs a value"),
    ])
    func badCommandsAreOneLine(text: String, prefix: String) {
        do {
            _ = try CurlImporter.importCommands(text, bodyFilePrefix: "c")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix(prefix), "\(error.description)")
        }
    }

    @Test func shellWords() throws {
        #expect(try ShellWords.commands(#"a 'b c' "d \"e\" \$f" $'g\x41\n' h\ i"#) == [["a", "b c", #"d "e" $f"#, "gA\n", "h i"]])
        #expect(try ShellWords.commands("a \\\nb\nc;d") == [["a", "b"], ["c"], ["d"]])
    }
}
