import BarrageCore
import BarrageResults

/// The steps of a capacity search as a text table, one row per step: printed row by row as
/// steps end and whole at the end.
public enum CapacityTable {
    static let columns: [(title: String, width: Int)] = [
        ("step", 4), ("rate", 8), ("achieved", 9), ("p50", 9), ("p95", 9), ("p99", 9), ("failed", 7), ("dropped", 8), ("result", 6),
    ]

    /// The header line.
    public static var header: String {
        "  " + columns.map { padLeft($0.title, to: $0.width) }.joined(separator: " ") + "  generator"
    }

    /// One step's line; `number` counts from 1.
    public static func row(_ step: CapacityStep, number: Int) -> String {
        let cells = [
            "\(number)", "\(step.rate)", DecimalFormatter.fixed(step.achievedRate, decimals: 1),
            CapacityVerdict.milliseconds(step.p50Micros), CapacityVerdict.milliseconds(step.p95Micros),
            CapacityVerdict.milliseconds(step.p99Micros), DecimalFormatter.fixed(step.failedRate * 100, decimals: 2) + "%",
            "\(step.dropped)", step.passed ? "pass" : "FAIL",
        ]
        return "  " + zip(columns, cells).map { padLeft($1, to: $0.width) }.joined(separator: " ")
            + "  " + step.generatorStatus
    }

    /// The header and every step.
    public static func render(_ steps: [CapacityStep]) -> String {
        ([header] + steps.enumerated().map { row($1, number: $0 + 1) }).joined(separator: "\n")
    }

    /// `text` right-aligned in `width` columns (longer text is kept whole).
    static func padLeft(_ text: String, to width: Int) -> String {
        String(repeating: " ", count: max(width - text.count, 0)) + text
    }
}
