import BarrageCore

/// One metric line of the summary before layout: its name and its texts, not yet padded.
///
/// Kept apart from layout so that the column widths, which depend on every row, are computed in
/// one place, as k6's `summarizeMetrics` does.
enum SummaryRow: Sendable, Equatable {
    /// A trend metric: one `stat=value` column per requested stat.
    case trend(name: String, columns: [Column])
    /// A counter, rate or gauge: a main value, then extras such as `833.3/s` or `✓ 12`.
    case value(name: String, value: String, extras: [String])

    /// One `stat=value` column of a trend row.
    struct Column: Sendable, Equatable {
        var stat: String
        var value: String
    }

    var name: String {
        switch self {
        case .trend(let name, _), .value(let name, _, _): return name
        }
    }
}
