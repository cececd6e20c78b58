/// Which rows of a data set each agent (and each loop of an agent) gets, from the same exact
/// splits the executors use, so that in `unique` mode the slices of any number of agents add up
/// to the file exactly and no row is given twice.
///
/// - `unique`, `cycle`, `random`: contiguous blocks in proportion to the VUs
///   (``ExecutorPlan/shareByVUs(_:vuParts:)``, the split of shared iterations: with as many rows
///   as iterations, every part gets exactly its iterations' rows). `cycle` and `random` give every
///   part the whole file when it has fewer rows than parts.
/// - `perVU`: the rows of the part's VUs, the test's VU n taking row n; with `wrap` the rows
///   repeat (VU n takes row (n-1) mod count); without it, VUs past the last row get none.
public enum DataSlicing {
    /// The rows part `index` of `vuParts` gets, in order.
    public static func rows(
        mode: DataSetSpec.Mode, onExhausted: DataSetSpec.OnExhausted, rowCount: Int, vuParts: [Int], index: Int
    ) -> [Int] {
        guard index >= 0, index < vuParts.count, rowCount > 0 else { return [] }
        let before = vuParts.prefix(index).reduce(0, &+)
        switch mode {
        case .unique, .cycle, .random:
            let activeParts = vuParts.filter { $0 > 0 }.count
            if mode != .unique, rowCount < activeParts { return vuParts[index] > 0 ? Array(0..<rowCount) : [] }
            let shares = ExecutorPlan.shareByVUs(rowCount, vuParts: vuParts)
            let start = shares.prefix(index).reduce(0, &+)
            return Array(start..<(start + shares[index]))
        case .perVU:
            let vus = max(vuParts[index], 0)
            if onExhausted == .wrap { return (0..<vus).map { (before + $0) % rowCount } }
            let start = min(before, rowCount)
            return Array(start..<min(before + vus, rowCount))
        }
    }

    /// The block of an agent's `rowCount` rows that loop `index` of `vuParts` uses: as ``rows``
    /// but as a range into the agent's slice (perVU: the loop's VUs' rows).
    public static func loopRange(mode: DataSetSpec.Mode, rowCount: Int, vuParts: [Int], index: Int) -> Range<Int> {
        guard index >= 0, index < vuParts.count, rowCount > 0 else { return 0..<0 }
        switch mode {
        case .unique, .cycle, .random:
            let activeParts = vuParts.filter { $0 > 0 }.count
            if mode != .unique, rowCount < activeParts { return 0..<rowCount }
            let shares = ExecutorPlan.shareByVUs(rowCount, vuParts: vuParts)
            let start = shares.prefix(index).reduce(0, &+)
            return start..<(start + shares[index])
        case .perVU:
            let before = min(vuParts.prefix(index).reduce(0, &+), rowCount)
            return before..<min(before + max(vuParts[index], 0), rowCount)
        }
    }
}
