extension Message {
    /// `data_chunk`, coordinator → agent, after `prepare`: consecutive rows of one data set of
    /// this agent's slice. The agent answers `ready` once every set has all the rows `prepare`
    /// declared (``DataSetSpec/rows``).
    public struct DataChunk: Codable, Sendable, Equatable {
        public var runId: String
        /// The data set's name, as in `prepare.spec.session.data`.
        public var set: String
        /// The index in this agent's slice of the first row here, from 0 (chunks come in order).
        public var firstRow: Int
        /// The rows, each with one string per column.
        public var rows: [[String]]

        /// The most rows in one chunk (a chunk also stays within the frame limit).
        public static let maximumRows = 100_000

        public init(runId: String, set: String, firstRow: Int, rows: [[String]]) {
            self.runId = runId
            self.set = set
            self.firstRow = firstRow
            self.rows = rows
        }

        enum CodingKeys: String, CodingKey {
            case runId = "run_id"
            case set
            case firstRow = "first_row"
            case rows
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            runId = try c.decode(String.self, forKey: .runId)
            set = try c.decode(String.self, forKey: .set)
            firstRow = try c.decode(Int.self, forKey: .firstRow)
            rows = try c.decode([[String]].self, forKey: .rows)
            guard (0...DataSetSpec.maximumRows).contains(firstRow) else {
                throw DecodingError.dataCorruptedError(forKey: .firstRow, in: c, debugDescription: "expected 0...\(DataSetSpec.maximumRows), got \(firstRow)")
            }
            guard !rows.isEmpty, rows.count <= Self.maximumRows,
                  rows.allSatisfy({ $0.count <= DataSetSpec.maximumColumns }) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .rows, in: c, debugDescription: "expected 1 to \(Self.maximumRows) rows of at most \(DataSetSpec.maximumColumns) fields")
            }
        }
    }
}
