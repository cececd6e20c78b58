import BarrageCore

/// Data sets on their way to the agents: each agent's slice (``DataSlicing``, by the same VU
/// split as its execution segment), sent after `prepare` in `data_chunk` messages well below the
/// frame limit.
extension RunMachine {
    /// A chunk's target size in bytes of field text (the frame limit is 4 MiB).
    static let chunkBytes = 512 * 1024
    /// Chunks sent to each agent per tick (200 ms): about 10 MB/s of rows, about what an agent
    /// decodes (a faster pace only fills buffers).
    static let chunksPerTick = 4

    /// Every data set's slice for agent `agent`, its spec counting the slice's rows and bytes.
    func dataSlices(split: [Int], agent: Int) -> [DataQueue.Slice] {
        plan.data.map { source in
            let rows = DataSlicing.rows(
                mode: source.spec.mode, onExhausted: source.spec.onExhausted, rowCount: source.table.rowCount,
                vuParts: split, index: agent)
            var spec = source.spec
            spec.rows = rows.count
            spec.bytes = rows.reduce(0) { $0 + source.table.rowBytes($1) }
            return DataQueue.Slice(spec: spec, table: source.table, rows: rows)
        }
    }

    /// Queues agent `agent`'s slices, to be sent in order after its `prepare`.
    mutating func queueData(_ slices: [DataQueue.Slice], for agent: Int) {
        guard slices.contains(where: { !$0.rows.isEmpty }) else { return }
        dataQueue.pending.append(.init(agent: agent, slices: slices))
    }

    /// Sends up to ``chunksPerTick`` chunks to each agent with rows still queued.
    mutating func sendQueuedData() {
        for index in dataQueue.pending.indices.reversed() {
            var pending = dataQueue.pending[index]
            for _ in 0..<Self.chunksPerTick {
                guard let chunk = Self.nextChunk(&pending, runId: runId) else { break }
                emit(.send(agent: pending.agent, .dataChunk(chunk)))
            }
            if pending.slice >= pending.slices.count {
                dataQueue.pending.remove(at: index)
            } else {
                dataQueue.pending[index] = pending
            }
        }
    }

    /// The next chunk of `pending`, advancing it; nil once every slice is sent.
    static func nextChunk(_ pending: inout DataQueue.Pending, runId: String) -> Message.DataChunk? {
        while pending.slice < pending.slices.count, pending.row >= pending.slices[pending.slice].rows.count {
            pending.slice += 1
            pending.row = 0
        }
        guard pending.slice < pending.slices.count else { return nil }
        let slice = pending.slices[pending.slice]
        let first = pending.row
        var rows: [[String]] = []
        var bytes = 0
        while pending.row < slice.rows.count, bytes < chunkBytes, rows.count < Message.DataChunk.maximumRows {
            let row = slice.table.row(slice.rows[pending.row])
            bytes += row.reduce(16) { $0 + $1.utf8.count + 4 }
            rows.append(row)
            pending.row += 1
        }
        return Message.DataChunk(runId: runId, set: slice.spec.name, firstRow: first, rows: rows)
    }
}
