import BarrageCore

/// Data sets on their way to the agents: each agent's slice (``DataSlicing``, by the same VU
/// split as its execution segment), sent after `prepare` in `data_chunk` messages well below the
/// frame limit.
extension RunDriver {
    /// A chunk's target size in bytes of field text (the frame limit is 4 MiB).
    static let chunkBytes = 512 * 1024

    /// One data set's rows for one agent: indices into the whole table.
    struct DataSlice {
        var spec: DataSetSpec
        var table: DataTable
        var rows: [Int]
    }

    /// Every data set's slice for agent `agent`, its spec counting the slice's rows.
    func dataSlices(split: [Int], agent: Int) -> [DataSlice] {
        plan.data.map { source in
            let rows = DataSlicing.rows(
                mode: source.spec.mode, onExhausted: source.spec.onExhausted, rowCount: source.table.rowCount,
                vuParts: split, index: agent)
            var spec = source.spec
            spec.rows = rows.count
            spec.bytes = rows.reduce(0) { $0 + source.table.rowBytes($1) }
            return DataSlice(spec: spec, table: source.table, rows: rows)
        }
    }

    /// Sends each slice in order, in chunks.
    func sendData(_ slices: [DataSlice], to agent: AgentRunState) {
        for slice in slices {
            var first = 0
            var rows: [[String]] = []
            var bytes = 0
            for index in slice.rows {
                let row = slice.table.row(index)
                rows.append(row)
                bytes += row.reduce(16) { $0 + $1.utf8.count + 4 }
                if bytes >= Self.chunkBytes || rows.count == Message.DataChunk.maximumRows {
                    agent.send(.dataChunk(.init(runId: runId, set: slice.spec.name, firstRow: first, rows: rows)))
                    first += rows.count
                    rows.removeAll(keepingCapacity: true)
                    bytes = 0
                }
            }
            if !rows.isEmpty { agent.send(.dataChunk(.init(runId: runId, set: slice.spec.name, firstRow: first, rows: rows))) }
        }
    }
}
