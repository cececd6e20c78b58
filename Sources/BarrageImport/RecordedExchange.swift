/// One HAR entry the importer keeps, reduced to what the scenario needs; a redirect chain the
/// engine will follow by itself is folded into its first request.
struct RecordedExchange {
    var entryNumber: Int
    /// The `group:` of the HAR page it belongs to.
    var page: String?
    var method: String
    var url: RecordedURL
    var headers: [HARHeader]
    var body: String?
    var bodyAsFile: Bool
    /// The final response of the chain.
    var status: Int
    var responseHeaders: [HARHeader]
    var responseBody: String?
    var responseIsJSON: Bool
    var startMillis: Double?
    var endMillis: Double?

    /// The URL a 301/302/303/307/308 points to, resolved against this request's URL.
    var redirectTarget: RecordedURL? {
        guard [301, 302, 303, 307, 308].contains(status),
            let location = responseHeaders.first(where: { $0.name.lowercased() == "location" })?.value
        else { return nil }
        if location.hasPrefix("/"), !location.hasPrefix("//") { return try? RecordedURL(url.origin + location) }  // an unusable Location folds nothing
        return try? RecordedURL(location)  // likewise
    }
}
