import Testing
@testable import BarrageCoordinator

/// What an output's endpoint answered, read from its first bytes only (issue #21 item 1).
struct OutputResponseTests {
    static func read(_ text: String, ended: Bool = false) -> OutputResponse.Reading {
        OutputResponse.read(Array(text.utf8)[...], ended: ended)
    }

    @Test func aSuccessIsKnownFromItsStatusLineAlone() {
        #expect(Self.read("HTTP/1.1 204 No Content\r\n") == .response(.init(status: 204, quotedBody: "")))
        #expect(Self.read("HTTP/1.0 200 OK\r\nContent-Length: 10000000000\r\n\r\nxxxx") == .response(.init(status: 200, quotedBody: "")))
        #expect(Self.read("HTTP/1.1 20") == .needMore)
    }

    @Test func aFailureQuotesTheStartOfItsBodyEscaped() {
        #expect(Self.read("HTTP/1.1 500 Oops\r\nContent-Length: 30\r\n\r\ndatabase") == .needMore)
        #expect(Self.read("HTTP/1.1 500 Oops\r\nContent-Length: 8\r\n\r\ndatabase") == .response(.init(status: 500, quotedBody: "database")))
        #expect(Self.read("HTTP/1.1 400 Bad\r\n\r\nno\u{1b}[2J way", ended: true) == .response(.init(status: 400, quotedBody: "no\\u{1b}[2J way")))
        // An endless body: the quote stops at 200 bytes and needs no more.
        let long = "HTTP/1.1 500 Oops\r\nContent-Length: 10000000000\r\n\r\n" + String(repeating: "x", count: 300)
        guard case .response(let response) = Self.read(long) else { Issue.record("not a response"); return }
        #expect(response.status == 500 && response.quotedBody.count <= OutputResponse.quotedBodyBytes + 3)
    }

    @Test func aRedirectIsAFailureNotFollowed() {
        let response = Self.read("HTTP/1.1 307 Temporary Redirect\r\nLocation: http://elsewhere/\r\nContent-Length: 0\r\n\r\n")
        #expect(response == .response(.init(status: 307, quotedBody: "")))
    }

    @Test func anInterimResponseIsSkipped() {
        #expect(Self.read("HTTP/1.1 100 Continue\r\n\r\n") == .needMore)
        #expect(Self.read("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n") == .response(.init(status: 204, quotedBody: "")))
    }

    @Test(arguments: ["SSH-2.0-OpenSSH\r\n", "HTTP/1.1 2000 OK\r\n", "HTTP/1.1 099 x\r\n", "HTTP/2 200\r\n", "HTTP/1.1 -12 x\r\n"])
    func junkIsMalformed(text: String) {
        guard case .malformed = Self.read(text) else {
            Issue.record("\(text.debugDescription) accepted")
            return
        }
    }

    @Test func noStatusLineWithinTheCapIsMalformed() {
        let endless = String(repeating: "HTTP", count: OutputResponse.maxBytes / 4)
        guard case .malformed = Self.read(endless) else { Issue.record("read on past the cap"); return }
        #expect(Self.read("HTTP/1.1 2", ended: true) == .malformed("no HTTP status line"))
        #expect(Self.read("", ended: true) == .malformed("an empty response"))
    }

    @Test func requestsRefuseControlCharactersInThePathOrHeaders() {
        let target = OutputPost.Target(host: "::1", port: 8086, path: "/write?db=x")
        let bytes = OutputPost.requestBytes(Array("a b".utf8), to: target, headers: [("Content-Type", "text/plain")])
        #expect(bytes.map { String(decoding: $0, as: UTF8.self) }
            == "POST /write?db=x HTTP/1.1\r\nHost: [::1]:8086\r\nContent-Length: 3\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\na b")
        var split = target
        split.path = "/write\r\nX-Injected: 1"
        #expect(OutputPost.requestBytes([], to: split, headers: []) == nil)
        #expect(OutputPost.requestBytes([], to: target, headers: [("X", "a\nb")]) == nil)
    }
}
