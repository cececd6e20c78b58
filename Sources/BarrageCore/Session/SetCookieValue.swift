/// Reads a `Set-Cookie` header value (`name=value; Path=/; HttpOnly`) as RFC 6265 does: the
/// cookie's name and value are what comes before the first `;`, split at the first `=`, both
/// trimmed of spaces and tabs, and a value in double quotes keeps its quotes.
public enum SetCookieValue {
    /// The pair `Set-Cookie: text` sets, or nil when it has no `=` or an empty name.
    public static func pair(_ text: String) -> (name: String, value: String)? {
        let first = text.prefix { $0 != ";" }
        guard let equals = first.firstIndex(of: "=") else { return nil }
        let name = first[..<equals].trimmingSpaces
        guard !name.isEmpty else { return nil }
        return (name, first[first.index(after: equals)...].trimmingSpaces)
    }

    /// The value `text` gives cookie `name`, or nil when it sets another cookie.
    public static func value(of name: String, in text: String) -> String? {
        guard let pair = pair(text), pair.name == name else { return nil }
        return pair.value
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
