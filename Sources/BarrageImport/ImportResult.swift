/// What an import produced: the scenario, the body files to write next to it, and what the user
/// should read on stderr (one warning per skipped entry, one line per correlation).
public struct ImportResult: Sendable {
    public var scenario: ImportedScenario
    /// `bodyFile:` names (relative to the scenario) and their text.
    public var bodyFiles: [(name: String, text: String)] = []
    public var warnings: [String] = []
    /// `correlated token: POST /login $.token -> 4 later requests`.
    public var correlations: [String] = []

    public var yaml: String { ScenarioWriter.yaml(scenario) }
}

/// How `coord import har` reads a recording.
public struct HARImportOptions: Sendable {
    /// Hosts (`host` or `host:port`) to keep besides the main one; empty: only the main origin.
    public var hosts: [String] = []
    public var includeStatic = false
    /// `--think-time recorded` (true) or `none`.
    public var thinkTime = true
    /// Body files are named `<prefix>-<n>.body`.
    public var bodyFilePrefix = "import"
    /// Named in the scenario's first comment.
    public var sourceName = "recording.har"

    public init() {}
}
