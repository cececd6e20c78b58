/// A replayed request's recorded response, as correlation reads it: where each value it
/// produced could be extracted from. The body is kept (up to ``ResponseValues/maximumBodyBytes``)
/// until no candidate refers to it, so an extraction is verified against the very text it was
/// found in before it is written.
final class RecordedResponse: Sendable {
    /// The index of the imported request this response answers.
    let requestIndex: Int
    let headers: [HARHeader]
    /// The decoded body text, or nil when binary, too big or absent.
    let body: String?
    let isJSON: Bool

    init(requestIndex: Int, headers: [HARHeader], body: String?, isJSON: Bool) {
        self.requestIndex = requestIndex
        self.headers = headers
        self.body = body
        self.isJSON = isJSON
    }
}

/// A value a response produced, and where in the response it was.
struct Candidate: Sendable {
    enum Location: Sendable, Equatable {
        /// A JSON leaf at this path (`$.a.b[0]`).
        case json(String)
        /// An HTML hidden input's or meta tag's value: a regex already checked against the body.
        case html(pattern: String, label: String)
        /// A header's whole value.
        case header(String)
        /// The value of a cookie a `Set-Cookie` header sets (a double-submit CSRF cookie).
        case cookie(String)
        /// Somewhere else in a text body: the regex is built from the text around it when used.
        case text
    }

    var value: String
    var response: RecordedResponse
    var location: Location
    /// The variable name to offer (the JSON key, the input's name, the header's name).
    var suggestedName: String
}
