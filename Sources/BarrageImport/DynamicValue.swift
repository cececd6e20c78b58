/// Whether a value is worth correlating: one a server generates per session (a token, an id, a
/// nonce), not one that is the same on every run. Short values ("1", "en"), booleans, the host
/// and letter-only words are left literal: correlating them would tie unrelated requests
/// together and fail the replay when the server's text changes.
struct DynamicValue {
    /// Values equal to these (case-insensitive) stay literal: the recording's hosts and origins.
    var literal: Set<String>

    static let minimumLength = 4
    static let maximumLength = 4096
    static let common: Set<String> = ["true", "false", "null", "none", "undefined", "http", "https", "utf-8", "bearer", "basic"]

    func isDynamic(_ value: String) -> Bool {
        let count = value.utf8.count
        guard count >= Self.minimumLength, count <= Self.maximumLength else { return false }
        let lower = value.lowercased()
        guard !Self.common.contains(lower), !literal.contains(lower) else { return false }
        // A value with control characters or spaces would need escaping in a URL or a header.
        guard value.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else { return false }
        let hasDigit = value.unicodeScalars.contains { ("0"..."9").contains($0) }
        let hasLetter = value.unicodeScalars.contains { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
        if !hasDigit {
            // Letter-only tokens are words unless long and mixed-case (base64-ish).
            return count >= 16 && value != lower && value != value.uppercased()
        }
        if !hasLetter {
            // Numbers: an id has at least 4 digits; dates, times and versions have separators.
            return value.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } && !(value.hasPrefix("0") && count < 6)
        }
        return true
    }
}
