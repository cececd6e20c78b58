import BarrageCore
import Foundation
import Testing
@testable import BarrageCoordinator
@testable import BarrageImport

struct HARImporterTests {
    /// Imports `fixture` and loads the YAML with the scenario parser `coord run` uses.
    func load(_ fixture: HARFixture, _ options: HARImportOptions = HARImportOptions()) throws -> (ImportResult, Scenario) {
        let result = try HARImporter.importData(fixture.data, options: options)
        let folder = NSTemporaryDirectory() + "har-import-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in result.bodyFiles { try file.text.write(toFile: folder + "/" + file.name, atomically: true, encoding: .utf8) }
        let scenario = try ScenarioFile.parse(result.yaml, file: "import.yaml", baseDirectory: folder, environment: [:])
        return (result, scenario)
    }

    @Test func correlatesJSONHTMLAndHeaderValues() throws {
        var har = HARFixture()
        har.add("GET", "http://shop.test/", mimeType: "text/html",
                text: #"<form><input type="hidden" value="Tk9aXy7Qp2Lm" name="csrf"></form><meta content="m3t4V4lu3x" name="api-key">"#)
        har.add("POST", "http://shop.test/login", requestHeaders: ["Content-Type": "application/x-www-form-urlencoded"],
                postData: ["mimeType": "application/x-www-form-urlencoded", "text": "user=alice&csrf=Tk9aXy7Qp2Lm"],
                responseHeaders: ["X-Session-Ref": "ref-88213"], text: #"{"data":{"token":"eyJhbGciOi.abc123","user":"alice"}}"#)
        har.add("GET", "http://shop.test/api/me?ref=ref-88213", requestHeaders: ["Authorization": "Bearer eyJhbGciOi.abc123", "X-Api-Key": "m3t4V4lu3x"],
                text: #"{"items":[{"id":48213}]}"#)
        har.add("DELETE", "http://shop.test/api/items/48213", requestHeaders: ["Authorization": "Bearer eyJhbGciOi.abc123"])
        let (result, scenario) = try load(har)
        #expect(scenario.requests.map(\.name) == ["GET /", "POST /login", "GET /api/me", "DELETE /api/items/{id}"])
        #expect(scenario.requests[0].extract?.map(\.name) == ["csrf", "api_key"])
        #expect(scenario.requests[1].body == "user=alice&csrf=${csrf}")
        // In the order the later requests first use them.
        #expect(scenario.requests[1].extract == [Extraction(name: "X_Session_Ref", source: .header("X-Session-Ref")), Extraction(name: "token", source: .json("$.data.token"))])
        #expect(scenario.requests[2].url == "http://shop.test/api/me?ref=${X_Session_Ref}")
        #expect(scenario.requests[2].headers.contains(HTTPHeader(name: "Authorization", value: "Bearer ${token}")))
        #expect(scenario.requests[2].headers.contains(HTTPHeader(name: "X-Api-Key", value: "${api_key}")))
        #expect(scenario.requests[3].url == "http://shop.test/api/items/${id}")
        #expect(result.correlations.contains("correlated token: POST /login $.data.token -> 2 later requests"))
        #expect(result.yaml.contains("#   token: POST /login $.data.token -> 2 later requests"))
        // "alice" was typed by the user (sent before a response produced it): never correlated.
        #expect(!scenario.requests.contains { $0.extract?.contains { $0.name == "user" } == true })
    }

    @Test func shortCommonAndClientValuesStayLiteral() throws {
        var har = HARFixture()
        har.add("GET", "http://a.test/start", text: #"{"page":"1","ok":"true","lang":"en","host":"a.test","word":"checkout"}"#)
        har.add("GET", "http://a.test/next?page=1&ok=true&lang=en&h=a.test&w=checkout")
        let (_, scenario) = try load(har)
        #expect(scenario.requests[0].extract == nil)
        #expect(scenario.requests[1].url == "http://a.test/next?page=1&ok=true&lang=en&h=a.test&w=checkout")
    }

    @Test func staticAssetsAndOtherHostsAreLeftOutUnlessAsked() throws {
        var har = HARFixture()
        har.add("GET", "http://a.test/", mimeType: "text/html", text: "<html></html>")
        har.add("GET", "http://a.test/app.js?v=3", mimeType: "application/javascript", text: "x")
        har.add("GET", "http://a.test/logo", mimeType: "image/png")
        har.add("GET", "http://a.test/font", extra: ["_resourceType": "font"])
        har.add("GET", "http://cdn.test/lib.json")
        har.add("GET", "http://a.test/api")
        let (plain, plainScenario) = try load(har)
        #expect(plainScenario.requests.map(\.name) == ["GET /", "GET /api"])
        #expect(plain.yaml.contains("Left out: 3 static assets, 1 requests to other hosts"))
        var options = HARImportOptions()
        options.includeStatic = true
        options.hosts = ["a.test", "cdn.test"]
        let (_, all) = try load(har, options)
        #expect(all.requests.map(\.url) == [
            "http://a.test/", "http://a.test/app.js?v=3", "http://a.test/logo", "http://a.test/font", "http://cdn.test/lib.json", "http://a.test/api",
        ])
    }

    @Test func thinkTimeIsTheRecordedGapRoundedAndCanBeDropped() throws {
        var har = HARFixture()
        har.add("GET", "http://a.test/one")
        har.add("GET", "http://a.test/two", gapMillis: 1_260)
        har.add("GET", "http://a.test/pic.png", gapMillis: 5, durationMillis: 5, extra: ["_resourceType": "image"])
        har.add("GET", "http://a.test/three", gapMillis: 30)
        har.add("GET", "http://a.test/four", gapMillis: 2_000)
        let (_, scenario) = try load(har)
        #expect(scenario.requests.map(\.sleep) == [.fixed(micros: 1_300_000), nil, .fixed(micros: 2_000_000), nil])
        var options = HARImportOptions()
        options.thinkTime = false
        let (_, none) = try load(har, options)
        #expect(none.requests.allSatisfy { $0.sleep == nil })
    }

    @Test func redirectHopsFoldIntoTheRequestThatStartedThem() throws {
        var har = HARFixture()
        har.add("POST", "http://a.test/login", postData: ["mimeType": "application/x-www-form-urlencoded", "text": "u=x"], status: 302,
                responseHeaders: ["Location": "/home"], text: "")
        har.add("GET", "http://a.test/home", mimeType: "text/html", text: #"<meta name="t" content="abc123def">"#)
        har.add("GET", "http://a.test/next?t=abc123def")
        let (_, scenario) = try load(har)
        #expect(scenario.requests.map(\.name) == ["POST /login", "GET /next"])
        #expect(scenario.requests[0].checks.statuses.isEmpty)
        #expect(scenario.requests[1].url == "http://a.test/next?t=${t}")
    }

    @Test func clientHeadersAndCookiesAreDropped() throws {
        var har = HARFixture()
        har.add("GET", "https://a.test/x", requestHeaders: [
            ":authority": "a.test", "Host": "a.test", "Cookie": "sid=1", "Accept-Encoding": "gzip, br", "Content-Length": "0",
            "Connection": "keep-alive", "If-None-Match": "\"e\"", "X-Keep": "yes",
        ], status: 304)
        har.add("GET", "https://a.test/y", requestHeaders: ["X-Keep": "yes", "X-Other": "1"])
        let (result, scenario) = try load(har)
        #expect(scenario.requests[0].headers == [HTTPHeader(name: "X-Keep", value: "yes")])
        #expect(scenario.requests[0].checks.statuses == [200, 304])
        #expect(result.yaml.contains("http: {compression: true}"))
        #expect(result.scenario.defaultHeaders.map(\.name) == ["X-Keep"])
    }

    @Test func badEntriesAreSkippedWithOneWarningEach() throws {
        var har = HARFixture()
        har.add("GET", "file:///etc/passwd")
        har.add("GET", "data:text/plain,hi")
        har.add("GET", "ws://a.test/socket", status: 101)
        har.add("GET", "http://a.test/ws", extra: ["_webSocketMessages": []])
        har.add("CONNECT", "http://a.test/")
        har.add("GET", "http://a.test/blocked", status: 0)
        har.add("POST", "http://a.test/upload", postData: ["mimeType": "application/octet-stream", "encoding": "base64", "text": "gICA/w=="])
        har.entries.append(["request": "not an object"])
        har.add("GET", "http://a.test/ok")
        har.add("GET", "http://a.test/ok")
        let (result, scenario) = try load(har)
        #expect(result.warnings.count == 8)
        #expect(result.warnings[0].hasPrefix("entry 0: skipped: not an http(s) URL"))
        #expect(result.warnings.contains { $0.contains("binary request body") })
        #expect(scenario.requests.map(\.name) == ["GET /ok", "GET /ok (2)"])
    }

    @Test func multipartAndControlCharacterBodiesGoToBodyFilesAndDollarBracesStayLiteral() throws {
        var har = HARFixture()
        let multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\ncost ${x} \u{1}\r\n--XyZ--\r\n"
        har.add("POST", "http://a.test/up", requestHeaders: ["Content-Type": "multipart/form-data; boundary=XyZ"],
                postData: ["mimeType": "multipart/form-data; boundary=XyZ", "text": multipart])
        har.add("POST", "http://a.test/json", postData: ["mimeType": "application/json", "text": #"{"price":"${5}"}"#])
        var options = HARImportOptions()
        options.bodyFilePrefix = "shop"
        let (result, scenario) = try load(har, options)
        #expect(result.bodyFiles.map(\.name) == ["shop-1.body"])
        #expect(scenario.requests[0].body == multipart.replacingOccurrences(of: "${", with: "$${"))
        #expect(scenario.requests[1].body == #"{"price":"$${5}"}"#)
    }

    @Test func formParamsWithoutTextAreEncoded() throws {
        var har = HARFixture()
        har.add("POST", "http://a.test/f", postData: ["mimeType": "application/x-www-form-urlencoded", "params": [["name": "q", "value": "a b&c"], ["name": "n", "value": 5]]])
        let (_, scenario) = try load(har)
        #expect(scenario.requests[0].body == "q=a+b%26c&n=5")
    }

    @Test func urlEncodedValuesAndDoubleSubmitCookiesAreCorrelated() throws {
        var har = HARFixture()
        har.add("GET", "http://shop.test/home", responseHeaders: ["Set-Cookie": "sid=9f8e7d6c5b4a; Path=/; HttpOnly\ncsrftoken=Zx81kQ_pL0v9aa; Path=/"],
                text: #"{"state":"+/Ab9xQ==","label":"k9(b)!x7~z"}"#)
        har.add("POST", "http://shop.test/api/orders", requestHeaders: ["X-CSRFToken": "Zx81kQ_pL0v9aa", "Content-Type": "application/x-www-form-urlencoded"],
                postData: ["mimeType": "application/x-www-form-urlencoded", "text": "state=%2B%2FAb9xQ%3D%3D&label=k9%28b%29%21x7%7Ez"])
        har.add("GET", "http://shop.test/api/orders/1?state=%2B%2FAb9xQ%3D%3D&label=k9%28b%29%21x7~z")
        let (result, scenario) = try load(har)
        #expect(scenario.requests[0].extract == [
            Extraction(name: "csrftoken", source: .cookie("csrftoken")), Extraction(name: "state", source: .json("$.state")),
            Extraction(name: "label", source: .json("$.label")),
        ])
        #expect(scenario.requests[1].headers.contains(HTTPHeader(name: "X-CSRFToken", value: "${csrftoken}")))
        #expect(scenario.requests[1].body == "state=${urlencode(state)}&label=${urlencode(label)}")
        #expect(scenario.requests[2].url == "http://shop.test/api/orders/1?state=${urlencode(state)}&label=${urlencode(label)}")
        #expect(result.correlations.contains("correlated csrftoken: GET /home cookie csrftoken -> 1 later request"))
        #expect(result.correlations.contains("correlated state: GET /home $.state -> 2 later requests"))
        #expect(result.yaml.contains("#   csrftoken: GET /home cookie csrftoken -> 1 later request"))
        #expect(result.yaml.contains(#"csrftoken: {cookie: "csrftoken"}"#))
        // The session cookie goes back through the cookie jar only: nothing to correlate.
        #expect(!result.yaml.contains("9f8e7d6c5b4a"))
        #expect(Correlator.encodedForms(of: "a b(c)!x~") == ["a%20b%28c%29%21x~", "a%20b(c)!x~", "a+b%28c%29%21x%7E"])
        #expect(Correlator.encodedForms(of: "plain-token_1") == [])
    }

    /// A flow's steps as text: `GET /`, `sleep 1200ms`, `group Shop [...]`.
    func shape(_ steps: [Step]) -> [String] {
        steps.map { step in
            switch step {
            case .request(let request): return request.name
            case .sleep(.fixed(let micros)): return "sleep \(micros / 1000)ms"
            case .group(let group): return "group \(group.name) [" + shape(group.steps).joined(separator: ", ") + "]"
            default: return "other"
            }
        }
    }

    @Test func pagesBecomeGroupsWithTheirThinkTimeInside() throws {
        var har = HARFixture()
        har.pages = [["id": "p1", "title": "Shop\u{1}Home"], ["id": "p2", "title": "Checkout::pay"], ["id": "p3", "title": ""], ["id": "p4", "title": "Shop\u{1}Home"]]
        har.add("GET", "http://a.test/", text: #"{"cart":"c4rt-98121"}"#, extra: ["pageref": "p1"])
        har.add("GET", "http://a.test/api", gapMillis: 1_210, extra: ["pageref": "p1"])
        har.add("POST", "http://a.test/cart/c4rt-98121", gapMillis: 800, extra: ["pageref": "p2"])
        har.add("GET", "http://a.test/", gapMillis: 10, extra: ["pageref": "p2"])
        har.add("GET", "http://a.test/untitled", gapMillis: 300, extra: ["pageref": "p3"])
        har.add("GET", "http://a.test/again", gapMillis: 10, extra: ["pageref": "p4"])
        har.add("GET", "http://a.test/beacon", gapMillis: 10)
        let (result, scenario) = try load(har)
        let steps = try #require(scenario.flows["default"])
        #expect(shape(steps) == [
            "group Shop Home [GET /, sleep 1200ms, GET /api, sleep 800ms]",
            "group Checkout:pay [POST /cart/{cart}, GET / (2), sleep 300ms]",
            "group page 3 [GET /untitled]",
            "group Shop Home [GET /again]",
            "GET /beacon",
        ])
        #expect(result.yaml.contains("  - group: \"Checkout:pay\"\n    steps:\n      - name: \"POST /cart/{cart}\"\n        method: POST\n        path: \"/cart/${cart}\""))
        #expect(result.warnings.isEmpty)
        // No pages: a plain request list with each request's own sleep.
        var plain = HARFixture()
        plain.add("GET", "http://a.test/one")
        plain.add("GET", "http://a.test/two", gapMillis: 500)
        let (plainResult, plainScenario) = try load(plain)
        #expect(plainScenario.flows.isEmpty)
        #expect(plainResult.yaml.contains("    sleep: 500ms"))
    }

    @Test func pagesBeyondAFlowsGroupsPrefixRequestNamesInstead() throws {
        var har = HARFixture()
        har.pages = (1...65).map { ["id": "p\($0)", "title": "Page \($0)"] }
        for page in 1...65 { har.add("GET", "http://a.test/", extra: ["pageref": "p\(page)"]) }
        let (result, scenario) = try load(har)
        #expect(scenario.flows.isEmpty)
        #expect(scenario.requests.prefix(3).map(\.name) == ["Page 1: GET /", "Page 2: GET / (2)", "Page 3: GET / (3)"])
        #expect(result.warnings == ["65 pages and 65 requests exceed a flow's 64 groups or 1000 steps: the page names prefix the request names instead of group: blocks"])
    }

    @Test func pageTitlesBecomeValidGroupNames() {
        #expect(PageGroup.name(title: "a:::b::c", number: 1) == "a:b:c")
        #expect(PageGroup.name(title: " \n ", number: 4) == "page 4")
        #expect(PageGroup.name(title: nil, number: 2) == "page 2")
        let long = PageGroup.name(title: String(repeating: "é", count: 100), number: 1)
        #expect(long.utf8.count <= FlowLimits.maxNameBytes && long.hasSuffix("..."))
    }

    @Test(arguments: [
        ("", "not a HAR file: expected a JSON object"),
        ("<html>", "not a HAR file: expected a JSON object"),
        ("{\"log\": {\"entries\": [{}", "not a HAR file: the file ends"),
        ("{\"log\": {\"version\": \"1.2\"}}", "not a HAR file: \"log\" has no \"entries\" list"),
        ("{\"other\": 1}", "not a HAR file: no \"log\" object"),
        ("{\"log\": {\"entries\": []}}", "nothing to import: 0 entries"),
        ("\u{FEFF}{\"log\": {\"entries\": [{\"request\": {\"url\": \"file:///x\"}}]}}", "nothing to import: 1 entries"),
    ])
    func badFilesAreOneLine(input: String, prefix: String) {
        do {
            _ = try HARImporter.importData(Data(input.utf8), options: HARImportOptions())
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix(prefix), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func har11ValuesAreReadLeniently() throws {
        let text = #"{"log":{"version":"1.1","entries":[{"startedDateTime":"2024-01-01T10:00:00+01:00","time":5,"request":{"method":"get","url":"http://a.test/x","headers":[{"name":"X-N","value":7}]},"response":{"status":200,"headers":[]}}]}}"#
        let result = try HARImporter.importData(Data(text.utf8), options: HARImportOptions())
        #expect(result.scenario.requests.first?.headers.first?.value.literal == "7")
        #expect(result.scenario.requests.first?.method == "GET")
    }
}
