import BarrageCore

/// One request of a ``VUProgram``: its static form for curl (``PreparedRequest``) plus the
/// templates of whatever varies per VU or iteration, and its extractions, compiled once.
///
/// A request without `${...}` and without extractions has no templates: starting it again costs
/// nothing beyond `curl_multi_add_handle` (the static hot path).
struct CompiledRequest {
    let prepared: PreparedRequest
    /// nil when the URL is static.
    let url: Template?
    /// Every header as a template, in order, when any header value is templated; nil otherwise.
    /// `linePrefix` is `Name: `, what its rendered line starts with.
    let headers: [(linePrefix: String, value: Template)]?
    /// nil when the body is static (or absent).
    let body: Template?
    /// `bodyContains` needles; nil when all are static (``PreparedRequest/needles``).
    let needles: [Template]?
    /// `headers:` check values; nil when all are static.
    let headerValues: [Template]?
    let extractions: [CompiledExtraction]
    /// The checks in the one order they are named and counted (``RequestChecks/items``).
    let checkItems: [RequestChecks.Item]
    /// `bodyNotContains` needles as bytes (static: they are not templated).
    let notNeedles: [[UInt8]]
    /// `json:` checks, their paths compiled.
    let jsonChecks: [(path: JSONPath, value: String)]
    /// The request's timeout (its own, else the test's), ms.
    let timeoutMillis: Int
    /// Statuses that do not count in http_req_failed; nil: 200-399 (k6's default).
    let expectedStatuses: [Int]?
    /// The group it is sent in (``FlowProgram/groups``), nil outside any.
    let group: Int?

    /// Whether anything must be rendered before each send.
    var isTemplated: Bool { url != nil || headers != nil || body != nil }

    /// - Parameters:
    ///   - names: what templates may refer to (every extracted name: flows run in any order).
    ///   - defaultExpectedStatuses: the test's (`--expect-status`); empty: 200-399.
    init(
        _ spec: RequestSpec, group: Int? = nil, names: TemplateNames, slots: [String: Int], defaultTimeoutMicros: Int64,
        defaultExpectedStatuses: [Int] = []
    ) throws(EngineError) {
        func compile(_ text: String) throws(EngineError) -> Template {
            do {
                return try Template.compile(text, names: names)
            } catch {
                throw .badSession("request '\(spec.name)': \(error.description)")
            }
        }
        func dynamic(_ template: Template) -> Template? { template.isStatic ? nil : template }
        let url = try compile(spec.url)
        let headers = try spec.headers.map { header throws(EngineError) in (linePrefix: header.name + ": ", value: try compile(header.value)) }
        let body = try spec.body.map { text throws(EngineError) in try compile(text) }
        let needles = try spec.checks.bodyContains.map { text throws(EngineError) in try compile(text) }
        let values = try spec.checks.headerEquals.map { header throws(EngineError) in try compile(header.value) }
        var staticSpec = spec
        // What curl gets before rendering: the literal parts (a templated field is replaced per send).
        staticSpec.url = url.literal ?? spec.url
        staticSpec.body = body.map { $0.literal ?? "" }
        prepared = PreparedRequest(staticSpec)
        self.url = dynamic(url)
        self.headers = headers.allSatisfy(\.value.isStatic) ? nil : headers
        self.body = body.flatMap(dynamic)
        self.needles = needles.allSatisfy(\.isStatic) ? nil : needles
        self.headerValues = values.allSatisfy(\.isStatic) ? nil : values
        extractions = try (spec.extract ?? []).map { extraction throws(EngineError) in
            guard let slot = slots[extraction.name] else { throw .badSession("extraction '\(extraction.name)' has no slot") }
            return try CompiledExtraction(extraction, slot: slot)
        }
        checkItems = spec.checks.items
        notNeedles = spec.checks.bodyNotContains.map { Array($0.utf8) }
        jsonChecks = try spec.checks.json.map { check throws(EngineError) in
            do throws(JSONPathError) {
                return (path: try JSONPath(check.path), value: check.value)
            } catch {
                throw .badSession("request '\(spec.name)': \(error.description)")
            }
        }
        timeoutMillis = Int(max((spec.timeoutMicros ?? defaultTimeoutMicros) / 1000, 1))
        let expected = spec.expectedStatuses ?? defaultExpectedStatuses
        expectedStatuses = expected.isEmpty ? nil : expected
        self.group = group
    }

    /// Whether a transfer with `status` counts in http_req_failed: no response, or a status not
    /// expected (k6's `expectedStatuses`, 200-399 by default).
    @inline(__always)
    func fails(status: Int, responded: Bool) -> Bool {
        guard responded else { return true }
        if let expectedStatuses { return !expectedStatuses.contains(status) }
        return !(200..<400).contains(status)
    }

    /// Whether the response body must be captured (a check or an extraction reads it).
    var needsBody: Bool { prepared.needsBody || extractions.contains { $0.needsBody } }
}
