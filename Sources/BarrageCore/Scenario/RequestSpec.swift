/// One request of an iteration: what to send, what its response must pass, and how long the VU
/// pauses after it.
public struct RequestSpec: Codable, Sendable, Equatable {
    /// The `name` tag of its metrics (`http_req_duration{name:feed}`); unique within a scenario.
    public var name: String
    /// An HTTP method in upper case: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS.
    public var method: String
    /// Absolute `http://` or `https://` URL (relative paths are resolved before a run).
    public var url: String
    public var headers: [HTTPHeader]
    /// The request body, sent as is; nil sends none.
    public var body: String?
    public var checks: RequestChecks
    /// Think time after this request, before the next one (or before the iteration's own sleep).
    public var sleep: ThinkTime?
    /// Values taken from the response for the rest of the iteration; nil or empty: none.
    public var extract: [Extraction]?
    /// This request's timeout, µs; nil: the test's (`timeout:` at the top level).
    public var timeoutMicros: Int64?
    /// Extra metric tags (`tags: {kind: write}`), sorted by name; nil or empty: none.
    public var tags: [HTTPHeader]?
    /// The statuses that do not count as failed in `http_req_failed` (k6's `expectedStatuses`);
    /// nil: the test's (``RunSpec/expectedStatuses``, or 200-399 when that is empty).
    public var expectedStatuses: [Int]?

    public init(
        name: String, method: String = "GET", url: String, headers: [HTTPHeader] = [], body: String? = nil,
        checks: RequestChecks = RequestChecks(), sleep: ThinkTime? = nil
    ) {
        self.name = name
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.checks = checks
        self.sleep = sleep
    }

    /// The methods Barrage sends.
    public static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]

    /// The check names of this request as the summary lists them: `feed: status is 200`; a
    /// request named by its URL (the command-line workload) needs no prefix.
    public var checkNames: [String] {
        let names = checks.names + (extract ?? []).map(\.checkName)
        return name == url ? names : names.map { "\(name): \($0)" }
    }

    enum CodingKeys: String, CodingKey {
        case name, method, url, headers, body, checks, sleep, extract
        case timeoutMicros = "timeout_micros"
        case tags
        case expectedStatuses = "expected_statuses"
    }
}
