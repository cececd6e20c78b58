/// One `log.entries` item of a HAR file (HAR 1.2, as devtools, mitmproxy, Charles and Playwright
/// write it). Every field is optional: producers leave out what HAR 1.1 did not have, and a
/// missing field makes the importer skip the entry with a warning rather than refuse the file.
struct HAREntry: Decodable, Sendable {
    var pageref: String?
    var startedDateTime: String?
    /// Milliseconds from the request's start to the response's end.
    var time: Double?
    var request: HARRequest?
    var response: HARResponse?
    /// Chrome's resource type ("document", "xhr", "image", "websocket", ...).
    var resourceType: String?
    /// Chrome's WebSocket frames: present on a WebSocket entry.
    var webSocketMessages: [HARIgnored]?

    enum CodingKeys: String, CodingKey {
        case pageref, startedDateTime, time, request, response
        case resourceType = "_resourceType"
        case webSocketMessages = "_webSocketMessages"
    }
}

/// A value whose content does not matter (only its presence does).
struct HARIgnored: Decodable, Sendable {
    init(from decoder: any Decoder) throws {}
}

struct HARRequest: Decodable, Sendable {
    var method: String?
    var url: String?
    var httpVersion: String?
    var headers: [HARHeader]?
    var postData: HARPostData?
}

struct HARResponse: Decodable, Sendable {
    var status: Int?
    var headers: [HARHeader]?
    var content: HARContent?
    var redirectURL: String?
}

struct HARHeader: Decodable, Sendable {
    var name: String
    var value: String

    enum CodingKeys: String, CodingKey { case name, value }

    init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// HAR 1.1 writers sometimes leave a value out or write a number: read those as text.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        value = try container.decodeLenientString(forKey: .value) ?? ""
    }
}

struct HARPostData: Decodable, Sendable {
    var mimeType: String?
    var text: String?
    var params: [HARParam]?
    /// Not in HAR 1.2, but some tools base64-encode binary request bodies and say so here.
    var encoding: String?
}

struct HARParam: Decodable, Sendable {
    var name: String
    var value: String?
    var fileName: String?

    enum CodingKeys: String, CodingKey { case name, value, fileName }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        value = try container.decodeLenientString(forKey: .value)
        fileName = try container.decodeIfPresent(String.self, forKey: .fileName)
    }
}

struct HARContent: Decodable, Sendable {
    var mimeType: String?
    var text: String?
    var encoding: String?
}

/// `log.pages` item: a page the browser loaded (its requests point at it with `pageref`).
struct HARPage: Decodable, Sendable {
    var id: String
    var title: String?
}

extension KeyedDecodingContainer {
    /// A string, or a number or boolean written as text; nil when absent or null.
    func decodeLenientString(forKey key: Key) throws -> String? {
        if try !contains(key) || decodeNil(forKey: key) { return nil }
        if let text = try? decode(String.self, forKey: key) { return text }  // type probe: the next lines try the others
        if let number = try? decode(Int.self, forKey: key) { return String(number) }
        if let number = try? decode(Double.self, forKey: key) { return String(number) }
        return String(try decode(Bool.self, forKey: key))
    }
}
