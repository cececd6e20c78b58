/// Formats Unix times as ISO-8601 UTC without Foundation (Core uses Foundation only for
/// ``MessageCoding``'s JSON).
public enum ISO8601Time {
    /// `2024-05-01T12:00:03.250Z` for `micros` µs since the Unix epoch, with milliseconds, or
    /// with `microsecondDigits` the six digits Django REST framework writes (`...03.250000Z`).
    public static func format(micros: Int64, microsecondDigits: Bool = false) -> String {
        let unit: Int64 = microsecondDigits ? 1 : 1000
        let perSecond = 1_000_000 / unit
        let ticks = floorDivide(micros, unit)
        let seconds = floorDivide(ticks, perSecond)
        let fraction = ticks - seconds * perSecond
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(daysSinceEpoch: days)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(fraction, microsecondDigits ? 6 : 3))Z"
    }

    /// Division rounding toward minus infinity, so instants before 1970 format correctly.
    static func floorDivide(_ dividend: Int64, _ divisor: Int64) -> Int64 {
        let quotient = dividend / divisor
        return dividend % divisor < 0 ? quotient - 1 : quotient
    }

    /// The proleptic Gregorian date of a day count (Howard Hinnant's `civil_from_days`).
    static func civil(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
