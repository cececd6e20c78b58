import BarrageCore
import Foundation

/// `coord import har`: a HAR recording to a scenario that replays it against a fresh server.
///
/// Entries are decoded one at a time from the memory-mapped file (``HARScanner``) and go
/// through one pass: non-HTTP, WebSocket and unanswered entries are skipped with a warning,
/// static assets and other hosts left out, redirect hops folded into the request that started
/// them (the engine follows redirects itself), then each kept request is correlated
/// (``Correlator``) before its own response's values become known.
public struct HARImporter {
    let options: HARImportOptions
    private var correlator: Correlator
    private var requests: [ImportedRequest] = []
    private var bodyFiles: [(name: String, text: String)] = []
    private var warnings: [String] = []
    private var pending: RecordedExchange?
    private var mainOrigin: String?
    private var pages: [String: String] = [:]
    private var names: Set<String> = []
    private var compression = false
    private var retainedBodyBytes = 0
    private var counts = (entries: 0, staticAssets: 0, otherHosts: 0, skipped: 0, folded: 0)

    /// Entries above this size are skipped (a warning says so) rather than decoded.
    static let maximumEntryBytes = 64 << 20
    /// Response bodies kept for correlation, in total; later responses offer their headers only.
    static let maximumRetainedBodyBytes = 64 << 20
    static let droppedHeaders: Set<String> = [
        "host", "content-length", "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer",
        "accept-encoding", "cookie", "if-none-match", "if-modified-since", "http2-settings",
    ]

    init(options: HARImportOptions) {
        self.options = options
        correlator = Correlator(dynamic: DynamicValue(literal: []))
    }

    /// Imports the HAR file at `path`.
    /// - Throws: ``ImportError`` (one line, exit 2) when the file can't be read or is not a HAR,
    ///   or no entry is left to replay.
    public static func importFile(_ path: String, options: HARImportOptions) throws(ImportError) -> ImportResult {
        let file = try MappedFile(path: path)
        return try importData(file.data, options: options, release: file.release)
    }

    /// - Parameter release: told the offset the scan has finished with (the mapping's pages before it can go).
    static func importData(
        _ data: Data, options: HARImportOptions, release: @escaping (Int) -> Void = { _ in }
    ) throws(ImportError) -> ImportResult {
        var scanner = HARScanner(data, release: release)
        let layout = try scanner.layout()
        var importer = HARImporter(options: options)
        if let version = layout.version, !version.hasPrefix("1.") {
            importer.warnings.append("log.version is \(RecordedURL.shortened(version)), not 1.x: reading it as HAR 1.2")
        }
        for (number, page) in layout.pages.enumerated() { importer.pages[page.id] = PageGroup.name(title: page.title, number: number + 1) }
        for (number, range) in layout.entries.enumerated() {
            guard range.count <= maximumEntryBytes else {
                importer.skip(number, "its \(range.count) bytes exceed the \(maximumEntryBytes >> 20) MB an entry may have")
                continue
            }
            // Decoded in its own autorelease-free scope: only this entry's strings are alive.
            let entry: HAREntry
            do {
                entry = try JSONDecoder().decode(HAREntry.self, from: data[range])
            } catch {
                importer.skip(number, "not a HAR entry (\(HAREntryDecoding.reason(error)))")
                continue
            }
            importer.add(entry, number: number)
            release(range.upperBound)
        }
        return try importer.finish(entryCount: layout.entries.count, creator: layout.creator)
    }

    private mutating func skip(_ number: Int, _ reason: String) {
        counts.skipped += 1
        warnings.append("entry \(number): skipped: \(reason)")
    }

    /// One entry, in recorded order.
    private mutating func add(_ entry: HAREntry, number: Int) {
        guard let request = entry.request, let urlText = request.url else { return skip(number, "it has no request URL") }
        let url: RecordedURL
        do { url = try RecordedURL(urlText) } catch { return skip(number, error.description) }
        guard entry.webSocketMessages == nil, entry.resourceType?.lowercased() != "websocket", entry.response?.status != 101 else {
            return skip(number, "a WebSocket connection (\(RecordedURL.shortened(urlText))); coord replays HTTP requests only")
        }
        let method = (request.method ?? "GET").uppercased()
        guard RequestSpec.methods.contains(method) else {
            return skip(number, "method \(RecordedURL.shortened(method)) is not one coord sends (\(RequestSpec.methods.sorted().joined(separator: ", ")))")
        }
        guard let response = entry.response, let status = response.status, (100...599).contains(status), status >= 200 else {
            return skip(number, "no response was recorded (status \(entry.response?.status.map(String.init) ?? "missing"): blocked, aborted or still pending)")
        }
        let start = entry.startedDateTime.flatMap(HARTime.millis)
        let end = start.map { $0 + max(0, entry.time.flatMap { $0.isFinite ? $0 : nil } ?? 0) }
        let responseBody = responseText(response.content)

        // A hop of the pending request's redirect chain: the engine follows it itself.
        if var chain = pending, let target = chain.redirectTarget, target == url,
            method == "GET" || [307, 308].contains(chain.status)
        {
            chain.status = status
            chain.responseHeaders = response.headers ?? []
            chain.responseBody = responseBody.text
            chain.responseIsJSON = responseBody.isJSON
            chain.endMillis = end ?? chain.endMillis
            pending = chain
            counts.folded += 1
            return
        }
        if !options.includeStatic,
            StaticAsset.isStatic(path: url.path, mimeType: response.content?.mimeType, resourceType: entry.resourceType)
        {
            counts.staticAssets += 1
            return
        }
        if mainOrigin == nil, options.hosts.isEmpty || keepsHost(url) {
            mainOrigin = url.origin
            correlator.dynamic.literal.formUnion(url.hostNames + [url.origin])
        }
        guard url.origin == mainOrigin || keepsHost(url) else {
            counts.otherHosts += 1
            return
        }
        guard let body = requestBody(request.postData, number: number) else { return }
        if let accepted = (request.headers ?? []).first(where: { $0.name.lowercased() == "accept-encoding" })?.value.lowercased(),
            ["gzip", "br", "deflate", "zstd"].contains(where: accepted.contains)
        {
            compression = true
        }
        var headers: [HARHeader] = []
        for header in request.headers ?? [] {
            let lower = header.name.lowercased()
            guard !header.name.hasPrefix(":"), !Self.droppedHeaders.contains(lower) else { continue }
            guard HTTPToken.isToken(header.name), !header.value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                warnings.append("entry \(number): header \(RecordedURL.shortened(header.name)) left out: not a valid name or value")
                continue
            }
            headers.append(header)
        }
        if let mimeType = request.postData?.mimeType, body.text != nil, !mimeType.isEmpty,
            !headers.contains(where: { $0.name.lowercased() == "content-type" })
        {
            headers.append(HARHeader(name: "Content-Type", value: mimeType))
        }
        let exchange = RecordedExchange(
            entryNumber: number, page: entry.pageref.flatMap { pages[$0] }, method: method, url: url, headers: headers,
            body: body.text, bodyAsFile: body.asFile, status: status, responseHeaders: response.headers ?? [],
            responseBody: responseBody.text, responseIsJSON: responseBody.isJSON, startMillis: start, endMillis: end)
        finishPending(nextStart: start)
        pending = exchange
    }

    private func keepsHost(_ url: RecordedURL) -> Bool {
        options.hosts.contains { wanted in url.hostNames.contains(wanted.lowercased()) }
    }

    /// The request body as text; nil (after a warning) when the entry must be skipped.
    private mutating func requestBody(_ postData: HARPostData?, number: Int) -> (text: String?, asFile: Bool)? {
        guard let postData else { return (nil, false) }
        let mimeType = (postData.mimeType ?? "").lowercased()
        var text = postData.text
        if postData.encoding?.lowercased() == "base64", let encoded = text {
            guard let bytes = Data(base64Encoded: encoded) else {
                skip(number, "its request body says base64 but is not")
                return nil
            }
            guard let decoded = String(data: bytes, encoding: .utf8) else {
                skip(number, "a binary request body (\(bytes.count) bytes): coord sends bodies as UTF-8 text")
                return nil
            }
            text = decoded
        }
        if text == nil || text?.isEmpty == true, let params = postData.params, !params.isEmpty {
            guard !mimeType.hasPrefix("multipart/") else {
                skip(number, "a multipart body recorded as params only (no text): the file parts can't be rebuilt")
                return nil
            }
            text = params.map { FormEncoding.encode($0.name) + "=" + FormEncoding.encode($0.value ?? "") }.joined(separator: "&")
        }
        guard let text, !text.isEmpty else { return (nil, false) }
        if text.unicodeScalars.contains("\u{FFFD}") {
            warnings.append("entry \(number): the recorder wrote the request body with bytes it could not show (U+FFFD); it is replayed as recorded")
        }
        let hasControl = text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t" }
        let asFile = mimeType.hasPrefix("multipart/") || mimeType.hasPrefix("application/octet-stream") || hasControl
        return (text, asFile)
    }

    /// The response text correlation reads: text-like content up to the size limit, decoded from base64.
    private mutating func responseText(_ content: HARContent?) -> (text: String?, isJSON: Bool) {
        guard let content, var text = content.text else { return (nil, false) }
        let mime = (content.mimeType ?? "").lowercased()
        let isJSON = mime.contains("json")
        guard isJSON || mime.hasPrefix("text/") || mime.contains("xml") || mime.contains("javascript") || mime.contains("x-www-form-urlencoded") || mime.isEmpty
        else { return (nil, false) }
        if content.encoding?.lowercased() == "base64" {
            guard text.utf8.count <= ResponseValues.maximumBodyBytes * 2, let bytes = Data(base64Encoded: text),
                let decoded = String(data: bytes, encoding: .utf8)
            else { return (nil, false) }
            text = decoded
        }
        guard text.utf8.count <= ResponseValues.maximumBodyBytes else { return (nil, false) }
        return (text, isJSON || text.first == "{" || text.first == "[")
    }

    /// Correlates and appends the pending request; `nextStart` gives its think time.
    private mutating func finishPending(nextStart: Double?) {
        guard let exchange = pending else { return }
        pending = nil
        let index = requests.count
        var request = ImportedRequest(name: "", method: exchange.method, path: exchange.url.pathAndQuery)
        request.group = exchange.page
        if exchange.url.origin != mainOrigin { request.origin = exchange.url.origin }
        requests.append(request)
        let path = correlator.rewrite(exchange.url.pathAndQuery, in: index, requests: &requests)
        requests[index].path = path
        requests[index].name = uniqueName(exchange.method + " " + shownPath(exchange, path: path))
        var headers: [(name: String, value: Template)] = []
        for header in exchange.headers {
            headers.append((header.name, correlator.rewrite(header.value, in: index, requests: &requests)))
        }
        requests[index].headers = headers
        if let body = exchange.body {
            let template = correlator.rewrite(body, in: index, requests: &requests)
            requests[index].body = template
            if exchange.bodyAsFile {
                let name = "\(options.bodyFilePrefix)-\(bodyFiles.count + 1).body"
                requests[index].bodyFileName = name
                bodyFiles.append((name, template.source))
            }
        }
        switch exchange.status {
        case 200...299: break
        case 304: requests[index].expectedStatuses = [200, 304]
        default: requests[index].expectedStatuses = [exchange.status]
        }
        if options.thinkTime, let end = exchange.endMillis, let nextStart {
            let gap = nextStart - end
            if gap.isFinite, gap >= 50 {
                requests[index].sleepMillis = Int((min(gap, 3_600_000) / 100).rounded()) * 100
            }
        }
        correlator.noteSent([exchange.url.pathAndQuery, exchange.body ?? ""] + exchange.headers.map(\.value))
        // Bodies are kept (to check extractions against) up to a total; past it a response still
        // offers its JSON fields, hidden inputs, meta tags and headers, found now.
        let retained = retainedBodyBytes < Self.maximumRetainedBodyBytes
        if retained { retainedBodyBytes += exchange.responseBody?.utf8.count ?? 0 }
        correlator.learn(
            RecordedResponse(
                requestIndex: index, headers: exchange.responseHeaders, body: retained ? exchange.responseBody : nil,
                isJSON: exchange.responseIsJSON),
            text: exchange.responseBody)
    }

    /// `/path` (`host/path` on another origin), each correlated value shown as `{name}`, so the
    /// request's name is the same on every recording.
    private func shownPath(_ exchange: RecordedExchange, path template: Template) -> String {
        let shown = template.segments.map { segment in
            switch segment {
            case .text(let text): return text
            case .variable(let variable): return "{" + variable.source + "}"
            }
        }.joined().prefix { $0 != "?" }
        let path = shown.count > 100 ? String(shown.prefix(97)) + "..." : String(shown)
        return exchange.url.origin != mainOrigin ? exchange.url.host + path : path
    }

    /// `base`, made unique within the flow with ` (2)`, ` (3)`...
    private mutating func uniqueName(_ base: String) -> String {
        var name = base
        var suffix = 2
        while names.contains(name) {
            name = "\(base) (\(suffix))"
            suffix += 1
        }
        names.insert(name)
        return name
    }

    /// Pages become `group:` blocks; when they don't fit a flow (too many pages or steps), the
    /// page's name prefixes each of its requests' names instead.
    private mutating func placeInPages() {
        guard requests.contains(where: { $0.group != nil }), !PageGroup.fits(requests) else { return }
        warnings.append(
            "\(Set(requests.compactMap(\.group)).count) pages and \(requests.count) requests exceed a flow's \(FlowLimits.maxGroups) groups or \(FlowLimits.maxStepsPerFlow) steps: the page names prefix the request names instead of group: blocks")
        names = []
        for index in requests.indices {
            guard let page = requests[index].group else { continue }
            requests[index].name = uniqueName(String(page.prefix(60)) + ": " + requests[index].name)
            requests[index].group = nil
        }
    }

    private mutating func finish(entryCount: Int, creator: String?) throws(ImportError) -> ImportResult {
        finishPending(nextStart: nil)
        guard !requests.isEmpty else {
            throw .nothingToImport(
                "\(entryCount) entries: \(counts.staticAssets) static (--include-static keeps them), \(counts.otherHosts) on other hosts (--host adds them), \(counts.skipped) skipped")
        }
        placeInPages()
        var scenario = ImportedScenario()
        scenario.target = mainOrigin
        scenario.compression = compression
        moveCommonHeaders(into: &scenario)
        scenario.requests = requests
        let from = creator.map { " (written by \(RecordedURL.shortened($0)))" } ?? ""
        scenario.comments = [
            "Imported by coord import har from \(RecordedURL.shortened(options.sourceName))\(from): \(requests.count) requests of \(entryCount) entries.",
            "Left out: \(counts.staticAssets) static assets, \(counts.otherHosts) requests to other hosts, \(counts.skipped) skipped entries; \(counts.folded) redirect hops are followed by the replay itself.",
            "Recorded Cookie headers are dropped: each VU's cookie jar carries the cookies the replay's own responses set.",
        ]
        var correlations: [String] = []
        for made in correlator.made {
            let source = requests[made.sourceRequest]
            let count = made.usedBy.count
            correlations.append("\(made.name): \(source.method) \(source.path.source.prefix { $0 != "?" }) \(made.label) -> \(count) later request\(count == 1 ? "" : "s")")
        }
        if !correlations.isEmpty {
            scenario.comments.append("Correlated (undo one: delete its extract: and put the recorded value back where ${name} is):")
            scenario.comments += correlations.map { "  " + $0 }
        }
        var result = ImportResult(scenario: scenario)
        result.bodyFiles = bodyFiles
        result.warnings = warnings
        result.correlations = correlations.map { "correlated " + $0 }
        return result
    }

    /// Headers every request sends with the same literal value go to the top-level `headers:`.
    private mutating func moveCommonHeaders(into scenario: inout ImportedScenario) {
        guard requests.count >= 2, let first = requests.first else { return }
        for header in first.headers {
            guard let literal = header.value.literal else { continue }
            let lower = header.name.lowercased()
            let everywhere = requests.allSatisfy { request in
                request.headers.contains { $0.name.lowercased() == lower && $0.value.literal == literal }
            }
            guard everywhere else { continue }
            scenario.defaultHeaders.append((header.name, literal))
            for index in requests.indices { requests[index].headers.removeAll { $0.name.lowercased() == lower } }
        }
    }
}
