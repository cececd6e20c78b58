/// The tags of a sub-metric series: k6's `name`, `method` and `status` tags of an HTTP request.
///
/// Every request is recorded once more under its series, so thresholds and the summary can
/// select `http_req_duration{name:feed}` or `http_reqs{status:500}` from merged data.
public struct SeriesKey: Codable, Sendable, Hashable, Comparable {
    public var name: String
    public var method: String
    /// The HTTP status; 0 when no response arrived (k6 tags those `status:0` too).
    public var status: Int

    public init(name: String, method: String, status: Int) {
        self.name = name
        self.method = method
        self.status = status
    }

    /// The tag keys a series carries.
    public static let tagKeys: Set<String> = ["name", "method", "status"]

    /// The value of tag `key`, or nil for a tag series do not carry.
    public func value(ofTag key: String) -> String? {
        switch key {
        case "name": return name
        case "method": return method
        case "status": return String(status)
        default: return nil
        }
    }

    public static func < (a: SeriesKey, b: SeriesKey) -> Bool {
        (a.name, a.method, a.status) < (b.name, b.method, b.status)
    }
}
