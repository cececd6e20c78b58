/// Formats durations the way k6's summary does: `1.22ms`, `850µs`, `4.24s`, `1m30s`.
public enum DurationFormatter {
    /// Formats a value given in microseconds, with up to two decimals.
    public static func format(micros: Double) -> String {
        if micros == 0 { return "0s" }
        if micros < 1000 { return trim(micros) + "µs" }
        if micros < 1_000_000 { return trim(micros / 1000) + "ms" }
        let seconds = micros / 1_000_000
        if seconds < 60 { return trim(seconds) + "s" }
        let wholeMinutes = Int(seconds / 60)
        let restSeconds = seconds - Double(wholeMinutes) * 60
        if wholeMinutes < 60 {
            return "\(wholeMinutes)m" + trim(restSeconds.rounded()) + "s"
        }
        return "\(wholeMinutes / 60)h\(wholeMinutes % 60)m" + trim(restSeconds.rounded()) + "s"
    }

    /// Formats a ``Duration`` compactly for flags and headings: `3m0s` is written `3m`, `90s` as `1m30s`.
    public static func format(_ duration: Duration) -> String {
        let totalMillis = duration.microseconds / 1000
        if totalMillis % 1000 != 0 || totalMillis < 1000 { return "\(totalMillis)ms" }
        var seconds = totalMillis / 1000
        var text = ""
        if seconds >= 3600 { text += "\(seconds / 3600)h"; seconds %= 3600 }
        if seconds >= 60 { text += "\(seconds / 60)m"; seconds %= 60 }
        if seconds > 0 || text.isEmpty { text += "\(seconds)s" }
        return text
    }

    /// Two decimals at most, trailing zeros dropped: 4.2399 -> "4.24", 3.0 -> "3".
    static func trim(_ value: Double) -> String {
        DecimalFormatter.fixed(value, decimals: 2)
    }
}
