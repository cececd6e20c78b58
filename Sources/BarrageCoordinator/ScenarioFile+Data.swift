import BarrageCore
import BarrageWire
import Foundation

/// `data:` of a scenario file: named data sets read from CSV (header row) or JSON (an array of
/// objects) files relative to the scenario file, each with its `mode` and `onExhausted`.
extension ScenarioFile {
    static let dataKeys = ["file", "mode", "onExhausted"]
    /// The largest data file read (the agents receive slices of it in chunks).
    static let maximumDataFileBytes = 2 << 30

    static func dataSets(_ node: ScenarioNode, baseDirectory: String) throws(ScenarioFileError) -> [DataSource] {
        var sources: [DataSource] = []
        let entries = try node.mapping("a mapping of data set names to {file: users.csv, mode: unique}").entries
        guard entries.count <= SessionSpec.maximumDataSets else {
            throw node.error("expected at most \(SessionSpec.maximumDataSets) data sets, got \(entries.count)")
        }
        for entry in entries {
            guard isVariableName(entry.key) else {
                throw entry.value.error("invalid data set name '\(entry.key)': expected letters, digits and _ (not starting with a digit), not a built-in")
            }
            let fields = try entry.value.mapping("{file: users.csv, mode: unique, onExhausted: stopVU}")
            try fields.rejectUnknownKeys(accepting: dataKeys)
            let fileNode = try fields.required("file", "a .csv or .json file, relative to the scenario file")
            let mode = try fields["mode"].map { node throws(ScenarioFileError) in
                try choice(node, DataSetSpec.Mode.self, "unique, perVU, cycle or random")
            } ?? .unique
            let exhausted = try fields["onExhausted"].map { node throws(ScenarioFileError) in
                try choice(node, DataSetSpec.OnExhausted.self, "stopVU, stopTest or wrap")
            } ?? .stopVU
            let table = try readDataFile(fileNode, baseDirectory: baseDirectory)
            guard table.rowCount > 0 else { throw fileNode.error("the data file has a header but no rows") }
            guard table.columns.count <= DataSetSpec.maximumColumns else {
                throw fileNode.error("expected at most \(DataSetSpec.maximumColumns) columns, got \(table.columns.count)")
            }
            let spec = DataSetSpec(name: entry.key, columns: table.columns, mode: mode, onExhausted: exhausted, rows: table.rowCount)
            sources.append(DataSource(spec: spec, table: table))
        }
        return sources
    }

    static func choice<Value: RawRepresentable>(_ node: ScenarioNode, _ type: Value.Type, _ expected: String) throws(ScenarioFileError) -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: try node.string(expected)) else { throw node.error("expected \(expected), got \(node.kind)") }
        return value
    }

    /// Reads a `.csv` (header row) or `.json` (array of objects) data file.
    static func readDataFile(_ node: ScenarioNode, baseDirectory: String) throws(ScenarioFileError) -> DataTable {
        let path = try node.string("a file path")
        let resolved = path.hasPrefix("/") || baseDirectory.isEmpty ? path : baseDirectory + "/" + path
        let data: Data
        do {
            // Checked first: only a regular file is mapped (a FIFO would block), and not too large.
            _ = try RegularFile.size(resolved, maxBytes: maximumDataFileBytes)
            data = try Data(contentsOf: URL(fileURLWithPath: resolved), options: .alwaysMapped)
        } catch let error as RegularFileError {
            throw node.error("can't read data file '\(resolved)': \(error.description)")
        } catch {
            throw node.error("can't read data file '\(resolved)': \(error.localizedDescription)")
        }
        if let line = longLine(data) {
            throw node.error("data file '\(resolved)': line \(line) is longer than \(maximumRowBytes) bytes, the most a row may be (it must fit in one frame to the agents)")
        }
        do {
            if path.lowercased().hasSuffix(".json") { return try jsonTable(data) }
            return try csvTable(data)
        } catch {
            throw node.error("data file '\(resolved)': \(error.description)")
        }
    }

    /// The longest row accepted, in bytes: rows travel to the agents in `data` frames, and a row's
    /// JSON (control characters escaped up to 6 bytes each) must fit in one.
    static let maximumRowBytes = ProtocolLimits.defaultMaxFrameBytes / 8

    /// The 1-based number of the first line longer than ``maximumRowBytes``, found with `memchr`
    /// before anything is parsed, so a file with a gigabyte field is refused without copying it.
    static func longLine(_ data: Data) -> Int? {
        data.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress else { return nil }
            var offset = 0
            var line = 1
            while offset < raw.count {
                let rest = raw.count - offset
                guard let newline = memchr(base + offset, 0x0A, rest) else {
                    return rest > maximumRowBytes ? line : nil
                }
                let length = base.distance(to: UnsafeRawPointer(newline)) - offset
                if length > maximumRowBytes { return line }
                offset += length + 1
                line += 1
            }
            return nil
        }
    }

    /// A CSV file's table, parsed straight from the (memory-mapped) file's bytes.
    static func csvTable(_ data: Data) throws(DataFileError) -> DataTable {
        var result: Result<DataTable, DataFileError> = .failure(.empty)
        data.withUnsafeBytes { raw in
            do throws(DataFileError) {
                result = .success(try CSVParser.parse(raw))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    /// A JSON array of objects: the columns are the first object's keys (sorted); every object
    /// must have exactly them, with string, number or boolean values.
    static func jsonTable(_ data: Data) throws(DataFileError) -> DataTable {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .badJSON(ScenarioFile.reason(error))
        }
        guard let objects = parsed as? [[String: Any]], let first = objects.first else { throw .badJSON("not a non-empty array of objects") }
        let columns = first.keys.sorted()
        var table = DataTable(columns: columns)
        for (index, object) in objects.enumerated() {
            guard object.count == columns.count else { throw .wrongFieldCount(row: index + 1, expected: columns.count, got: object.count) }
            var fields: [String] = []
            for column in columns {
                switch object[column] {
                case let text as String: fields.append(text)
                case let number as NSNumber: fields.append(number.stringValue)
                default: throw .badJSON("object \(index + 1): '\(column)' is missing or not a string, number or boolean")
                }
            }
            try table.append(fields)
        }
        return table
    }
}
