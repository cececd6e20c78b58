/// Formats plain numbers the way k6's summary does, without Foundation's locale-dependent formatters.
public enum DecimalFormatter {
    /// Rounds to `decimals` places and drops trailing zeros, as k6's `toFixedNoTrailingZeros`:
    /// `fixed(833.3333333, decimals: 6)` is `833.333333`, `fixed(209, decimals: 6)` is `209`.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        let text = padded(value, decimals: decimals)
        guard text.contains(".") else { return text }
        let trimmed = text.reversed().drop { $0 == "0" }.drop { $0 == "." }
        return String(trimmed.reversed())
    }

    /// Rounds to exactly `decimals` places, keeping trailing zeros: `padded(20, decimals: 1)` is `20.0`.
    /// Non-finite values print as `0`; values too large for 64-bit arithmetic lose their decimals.
    public static func padded(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        let places = Swift.max(0, Swift.min(decimals, 9))
        var scale: UInt64 = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = (Swift.abs(value) * Double(scale)).rounded()
        guard scaled < 9.0e18 else {
            return Swift.abs(value) < 9.0e18 ? String(Int64(value.rounded())) : String(value)
        }
        let units = UInt64(scaled)
        let sign = value < 0 && units != 0 ? "-" : ""
        let whole = "\(units / scale)"
        guard places > 0 else { return sign + whole }
        let fraction = String(units % scale)
        return sign + whole + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    /// A per-second rate as k6 prints counters' rates: six decimals at most, then `/s`.
    public static func rate(_ perSecond: Double) -> String {
        fixed(perSecond, decimals: 6) + "/s"
    }

    /// A fraction as a percentage with two decimals, truncated rather than rounded as k6 does, so
    /// that 99.999% never shows as `100.00%`: `percent(0.99733)` is `99.73%`.
    public static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "0.00%" }
        let hundredths = (Swift.abs(fraction) * 10_000).rounded(.towardZero)
        guard hundredths < 9.0e18 else { return "0.00%" }
        let units = UInt64(hundredths)
        let sign = fraction < 0 && units != 0 ? "-" : ""
        let fractionDigits = units % 100
        return sign + "\(units / 100)." + (fractionDigits < 10 ? "0" : "") + "\(fractionDigits)%"
    }
}
