/// One `data:` set as an agent receives it in `prepare`: its name and columns, how iterations
/// pick rows, what happens when they run out, and how many rows of it this agent gets (its
/// slice, sent in `data_chunk` messages after `prepare`).
public struct DataSetSpec: Codable, Sendable, Equatable {
    public enum Mode: String, Codable, Sendable, CaseIterable {
        /// Each row is used by at most one iteration in the whole test.
        case unique
        /// The test's VU n keeps row n (from 1).
        case perVU
        /// Iterations take the rows in turn, starting over at the end.
        case cycle
        /// Each iteration takes a random row.
        case random
    }

    public enum OnExhausted: String, Codable, Sendable, CaseIterable {
        /// The VU that finds no row stops (k6-operator's users: one row each).
        case stopVU
        /// The test stops.
        case stopTest
        /// Start over from the first row.
        case wrap
    }

    public var name: String
    public var columns: [String]
    public var mode: Mode
    public var onExhausted: OnExhausted
    /// Rows this agent receives.
    public var rows: Int
    /// The bytes of those rows' fields (each plus one), so the agent can reserve its table once
    /// instead of growing it; nil when unknown.
    public var bytes: Int?

    /// Limits a `prepare` may ask for.
    public static let maximumColumns = 1024
    public static let maximumRows = 100_000_000

    public init(name: String, columns: [String], mode: Mode = .unique, onExhausted: OnExhausted = .stopVU, rows: Int = 0) {
        self.name = name
        self.columns = columns
        self.mode = mode
        self.onExhausted = onExhausted
        self.rows = rows
    }

    enum CodingKeys: String, CodingKey {
        case name, columns, mode, rows, bytes
        case onExhausted = "on_exhausted"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        columns = try c.decode([String].self, forKey: .columns)
        mode = try c.decode(Mode.self, forKey: .mode)
        onExhausted = try c.decode(OnExhausted.self, forKey: .onExhausted)
        rows = try c.decode(Int.self, forKey: .rows)
        guard !name.isEmpty, name.utf8.count <= 128 else {
            throw DecodingError.dataCorruptedError(forKey: .name, in: c, debugDescription: "a name of 1 to 128 bytes")
        }
        guard !columns.isEmpty, columns.count <= Self.maximumColumns, Set(columns).count == columns.count,
              columns.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 256 }) else {
            throw DecodingError.dataCorruptedError(forKey: .columns, in: c, debugDescription: "1 to \(Self.maximumColumns) distinct non-empty names")
        }
        bytes = try c.decodeIfPresent(Int.self, forKey: .bytes)
        if let bytes, !(0...DataTable.maximumBytes).contains(bytes) {
            throw DecodingError.dataCorruptedError(forKey: .bytes, in: c, debugDescription: "expected 0...\(DataTable.maximumBytes), got \(bytes)")
        }
        guard (0...Self.maximumRows).contains(rows) else {
            throw DecodingError.dataCorruptedError(forKey: .rows, in: c, debugDescription: "expected 0...\(Self.maximumRows), got \(rows)")
        }
    }
}
