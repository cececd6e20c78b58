import BarrageCore

/// Formats UTC instants as ISO-8601 strings the way Django REST framework does:
/// `2023-11-15T09:12:33.123456Z`.
///
/// By hand (Howard Hinnant's date algorithms, here and in Core's ``ISO8601Time``) so the module
/// needs no Foundation and the output cannot depend on the machine's locale or time zone database.
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
        ISO8601Time.format(micros: epochMicros, microsecondDigits: true)
    }
}
