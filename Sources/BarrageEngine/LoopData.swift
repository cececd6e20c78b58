import BarrageCore

/// One data set as a loop uses it: the agent's rows (shared by every loop), this loop's block of
/// them, and how iterations pick rows (``DataSetSpec/Mode``).
struct LoopData {
    let spec: DataSetSpec
    let table: DataTable
    /// This loop's rows of ``table`` (``DataSlicing/loopRange(mode:rowCount:vuParts:index:)``).
    let block: Range<Int>
    let columnIndex: [String: Int]

    init(spec: DataSetSpec, table: DataTable, block: Range<Int>) {
        self.spec = spec
        self.table = table
        self.block = block
        var columns: [String: Int] = [:]
        for (index, name) in table.columns.enumerated() { columns[name] = index }
        columnIndex = columns
    }

    /// The row an iteration takes: by the loop's cursor (`unique`, `cycle`), the VU (`perVU`) or
    /// at random; nil when the rows ran out (the VU then follows ``DataSetSpec/onExhausted``).
    /// - Parameters:
    ///   - cursor: how many rows of the block iterations took so far (advanced here).
    ///   - vu: the VU's index in this loop.
    func row(cursor: inout Int, vu: Int, random: inout SplitMix64) -> Int? {
        let count = block.count
        guard count > 0 else { return nil }
        switch spec.mode {
        case .unique:
            if cursor >= count {
                guard spec.onExhausted == .wrap else { return nil }
                cursor = 0
            }
            defer { cursor += 1 }
            return block.lowerBound + cursor
        case .cycle:
            defer { cursor = (cursor + 1) % count }
            return block.lowerBound + cursor % count
        case .random:
            return block.lowerBound + Int(random.next() % UInt64(count))
        case .perVU:
            // The agent's slice already repeats rows for `wrap`.
            return vu < count ? block.lowerBound + vu : nil
        }
    }
}
