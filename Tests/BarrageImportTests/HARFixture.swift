import Foundation

/// Builds HAR documents for the tests, in the shape Chrome's devtools export writes them.
struct HARFixture {
    var entries: [[String: Any]] = []
    var pages: [[String: Any]] = []
    var clockMillis = 1_700_000_000_000.0

    /// Adds an entry that starts `gapMillis` after the previous one ended and takes `durationMillis`.
    mutating func add(
        _ method: String, _ url: String, requestHeaders: [String: String] = [:], postData: [String: Any]? = nil,
        status: Int = 200, responseHeaders: [String: String] = [:], mimeType: String = "application/json", text: String? = nil,
        gapMillis: Double = 10, durationMillis: Double = 20, extra: [String: Any] = [:]
    ) {
        clockMillis += gapMillis
        let started = Date(timeIntervalSince1970: clockMillis / 1000)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var request: [String: Any] = [
            "method": method, "url": url, "httpVersion": "HTTP/1.1",
            "headers": requestHeaders.sorted { $0.key < $1.key }.map { ["name": $0.key, "value": $0.value] },
        ]
        if let postData { request["postData"] = postData }
        var content: [String: Any] = ["size": text?.utf8.count ?? 0, "mimeType": mimeType]
        if let text { content["text"] = text }
        var entry: [String: Any] = [
            "startedDateTime": formatter.string(from: started), "time": durationMillis, "request": request,
            "response": [
                "status": status, "httpVersion": "HTTP/1.1", "content": content,
                "headers": responseHeaders.sorted { $0.key < $1.key }.map { ["name": $0.key, "value": $0.value] },
            ] as [String: Any],
        ]
        entry.merge(extra) { $1 }
        entries.append(entry)
        clockMillis += durationMillis
    }

    var data: Data {
        let log: [String: Any] = ["log": ["version": "1.2", "creator": ["name": "test"], "pages": pages, "entries": entries] as [String: Any]]
        return (try? JSONSerialization.data(withJSONObject: log)) ?? Data()  // test fixture: the dictionaries above are always valid JSON
    }
}
