/// Formats UTC instants as ISO-8601 strings the way Django REST framework does:
/// `2023-11-15T09:12:33.123456Z`.
///
/// Written by hand (Howard Hinnant's `civil_from_days`) so the module needs no Foundation and the
/// output cannot depend on the machine's locale or time zone database.
enum FeedTimestamp {
    /// Seconds since 1970-01-01T00:00:00Z of the given UTC civil date and time.
    static func epochSeconds(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// `YYYY-MM-DDTHH:MM:SS.ffffffZ` for `epochMicros` microseconds since the Unix epoch (UTC).
    static func format(epochMicros: Int64) -> String {
        let micros = Int(floorMod(epochMicros, 1_000_000))
        let seconds = (epochMicros - Int64(micros)) / 1_000_000
        let secondOfDay = Int(floorMod(seconds, 86_400))
        let days = Int((seconds - Int64(secondOfDay)) / 86_400)

        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
            + "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
            + ".\(pad(micros, 6))Z"
    }

    /// Floored modulo: non-negative for a positive divisor, so instants before 1970 format correctly.
    private static func floorMod(_ dividend: Int64, _ divisor: Int64) -> Int64 {
        let remainder = dividend % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
