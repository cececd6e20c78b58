/// A data set as the coordinator holds it: the whole file's rows and how agents use them. Each
/// agent gets only its slice (``DataSlicing``), sent after `prepare`.
public struct DataSource: Sendable, Equatable {
    /// The set's spec with ``DataSetSpec/rows`` the file's row count.
    public var spec: DataSetSpec
    public var table: DataTable

    public init(spec: DataSetSpec, table: DataTable) {
        self.spec = spec
        self.table = table
    }
}
