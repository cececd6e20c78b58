import BarrageCore

/// Formats byte counts and byte rates in decimal units (B, kB, MB, GB, ...), as k6's summary does.
public enum ByteFormatter {
    static let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]

    /// k6's `humanizeBytes`: one decimal below 10 of a unit, none from 10 on; below 10 bytes the
    /// plain number. `48_000` is `48 kB`, `7_200_000_000` is `7.2 GB`, `1_000` is `1.0 kB`.
    ///
    /// Unlike k6, the unit is chosen by dividing rather than by `log(bytes)/log(1000)` (which puts
    /// exactly 1 MB at `1000 kB`), and a value that rounds up to 1000 moves to the next unit.
    public static func format(_ bytes: Double) -> String {
        guard bytes.isFinite, bytes >= 10 else {
            return DecimalFormatter.fixed(bytes.isFinite ? bytes : 0, decimals: 2) + " B"
        }
        var value = bytes
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        var rounded = (value * 10).rounded() / 10
        if rounded >= 1000, unit < units.count - 1 {
            unit += 1
            rounded = ((value / 1000) * 10).rounded() / 10
        }
        return DecimalFormatter.padded(rounded, decimals: rounded < 10 ? 1 : 0) + " " + units[unit]
    }

    /// A byte count: `format(bytes: 13_000_000)` is `13 MB`.
    public static func format(bytes: UInt64) -> String {
        format(Double(bytes))
    }

    /// A byte rate: `rate(40_000_000)` is `40 MB/s`.
    public static func rate(_ bytesPerSecond: Double) -> String {
        format(bytesPerSecond) + "/s"
    }
}
