/// The names a template may use at one place of a scenario: the data sets' columns and the
/// values extracted by earlier requests of the iteration (built-ins are always there).
public struct TemplateNames: Sendable, Equatable {
    /// Data set name to its columns.
    public var dataColumns: [String: [String]]
    /// Names extracted by earlier requests.
    public var extracted: Set<String>

    public init(dataColumns: [String: [String]] = [:], extracted: Set<String> = []) {
        self.dataColumns = dataColumns
        self.extracted = extracted
    }
}
