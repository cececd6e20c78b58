/// `startedDateTime` (ISO 8601 with a time zone, any number of fractional digits, as devtools
/// and mitmproxy write it) as milliseconds since the Unix epoch; nil when it is not one.
enum HARTime {
    static func millis(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count, !range.isEmpty else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
            let minute = number(14..<16), let second = number(17..<19), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
            second < 61
        else { return nil }
        var at = 19
        var fraction = 0.0
        if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
            at += 1
            var scale = 0.1
            while at < bytes.count, (48...57).contains(bytes[at]) {
                fraction += Double(bytes[at] - 48) * scale
                scale /= 10
                at += 1
            }
        }
        var offsetMinutes = 0
        if at < bytes.count {
            switch bytes[at] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                at += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = bytes[at] == UInt8(ascii: "-") ? -1 : 1
                let hasColon = at + 3 < bytes.count && bytes[at + 3] == UInt8(ascii: ":")
                guard let hours = number((at + 1)..<(at + 3)), let minutes = number((hasColon ? at + 4 : at + 3)..<(hasColon ? at + 6 : at + 5)) else {
                    return nil
                }
                offsetMinutes = sign * (hours * 60 + minutes)
                at += hasColon ? 6 : 5
            default:
                return nil
            }
        }
        guard at == bytes.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60) + fraction
        return seconds * 1000
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
