import BarrageCore

/// One request of an imported scenario, before it is written as YAML. Text that may carry
/// correlated values (the path, header values, the body) is a ``Template``, so literal `${` is
/// escaped when written and extracted values become `${name}`.
public struct ImportedRequest: Sendable, Equatable {
    public var name: String
    public var method: String
    /// The origin (`http://host:port`) when it is not the scenario's `target:`; nil for a `path:` request.
    public var origin: String?
    /// The path and query, starting with `/`.
    public var path: Template
    public var headers: [(name: String, value: Template)]
    public var body: Template?
    /// Write the body to a `bodyFile:` of this name next to the scenario (binary-looking or multipart bodies).
    public var bodyFileName: String?
    /// Statuses to check for, when the recorded one was not a 2xx (nil: coord's default, any 2xx).
    public var expectedStatuses: [Int]?
    public var extractions: [Extraction] = []
    /// Think time after the request.
    public var sleepMillis: Int?
    /// The `group:` (a recorded page) the request runs in; nil: at the flow's top level.
    public var group: String?

    public init(name: String, method: String, origin: String? = nil, path: String, headers: [(String, String)] = [], body: String? = nil) {
        self.name = name
        self.method = method
        self.origin = origin
        self.path = Template(segments: [.text(path)])
        self.headers = headers.map { (name: $0.0, value: Template(segments: [.text($0.1)])) }
        self.body = body.map { Template(segments: [.text($0)]) }
    }

    public static func == (lhs: ImportedRequest, rhs: ImportedRequest) -> Bool {
        lhs.name == rhs.name && lhs.method == rhs.method && lhs.origin == rhs.origin && lhs.path == rhs.path
            && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
            && lhs.body == rhs.body && lhs.bodyFileName == rhs.bodyFileName && lhs.expectedStatuses == rhs.expectedStatuses
            && lhs.extractions == rhs.extractions && lhs.sleepMillis == rhs.sleepMillis && lhs.group == rhs.group
    }
}

/// A whole imported scenario: what ``ScenarioWriter`` turns into a file `coord run` accepts.
public struct ImportedScenario: Sendable {
    /// Comment lines at the top (where it came from, each correlation made).
    public var comments: [String] = []
    /// `target:`, an origin such as `http://127.0.0.1:8080`.
    public var target: String?
    public var defaultHeaders: [(name: String, value: String)] = []
    public var compression = false
    public var insecureSkipTLSVerify = false
    public var requests: [ImportedRequest] = []

    public init() {}
}
