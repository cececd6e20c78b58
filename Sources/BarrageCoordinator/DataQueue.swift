import BarrageCore

/// Data rows still to be sent, per agent: a few chunks go out per tick (``RunMachine``'s
/// `sendQueuedData()`), so the coordinator never holds more than that many chunks in flight however
/// large the file (the rows themselves stay in the one table).
struct DataQueue {
    /// One data set's rows for one agent: indices into the whole table.
    struct Slice {
        var spec: DataSetSpec
        var table: DataTable
        var rows: [Int]
    }

    /// One agent's slices and how far sending them got.
    struct Pending {
        var agent: Int
        var slices: [Slice]
        var slice = 0
        var row = 0
    }

    var pending: [Pending] = []
}
