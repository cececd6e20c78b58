/// One post of the demo feed, shaped like the reference experiment's Django REST framework output.
struct FeedPost: Sendable, Equatable {
    var id: Int
    var author: String
    /// 200-500 characters of ASCII text.
    var content: String
    /// ISO-8601, see ``FeedTimestamp``.
    var createdAt: String
    /// ISO-8601, never before ``createdAt``.
    var updatedAt: String

    /// Appends this post as one compact JSON object:
    /// `{"id":1,"author":"…","content":"…","created_at":"…","updated_at":"…"}`.
    func appendJSON(to json: inout String) {
        json += "{\"id\":\(id),\"author\":"
        Self.appendJSONString(author, to: &json)
        json += ",\"content\":"
        Self.appendJSONString(content, to: &json)
        json += ",\"created_at\":"
        Self.appendJSONString(createdAt, to: &json)
        json += ",\"updated_at\":"
        Self.appendJSONString(updatedAt, to: &json)
        json += "}"
    }

    /// Appends `text` as a quoted JSON string, escaping what RFC 8259 requires.
    static func appendJSONString(_ text: String, to json: inout String) {
        json += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": json += "\\\""
            case "\\": json += "\\\\"
            case "\n": json += "\\n"
            case "\r": json += "\\r"
            case "\t": json += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                json += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: json.unicodeScalars.append(scalar)
            }
        }
        json += "\""
    }
}
