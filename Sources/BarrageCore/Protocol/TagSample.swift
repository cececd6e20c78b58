/// One tag's part of a ``Message/Sample``: k6's `group` tag (a group's passes and the requests
/// sent in it) or a request's `tags:` pair, so the coordinator merges `group_duration{group:::x}`,
/// `http_req_duration{group:::x}` and `http_req_duration{kind:write}` across agents.
///
/// Only flows with groups or request tags send parts; each part is one the run declares
/// (``SampleCheck`` refuses any other).
public struct TagSample: Codable, Sendable, Equatable {
    /// `group`, or a request tag's key.
    public var key: String
    /// The group's path in k6's form (`::checkout`, `::a::b`), or the request tag's value.
    public var value: String
    /// The requests sent with the tag in the interval (for a group: directly in it, not in a
    /// group nested in it, as k6 tags them).
    public var counters: Counters
    /// http_req_duration of those requests: base64 HdrHistogram V2, as in ``Message/Sample/histograms``.
    public var httpReqDuration: String
    /// group_duration of the group's passes that ended in the interval, in the same encoding;
    /// absent for a request tag.
    public var groupDuration: String?

    public init(key: String, value: String, counters: Counters, httpReqDuration: String, groupDuration: String? = nil) {
        self.key = key
        self.value = value
        self.counters = counters
        self.httpReqDuration = httpReqDuration
        self.groupDuration = groupDuration
    }

    enum CodingKeys: String, CodingKey {
        case key, value, counters
        case httpReqDuration = "http_req_duration"
        case groupDuration = "group_duration"
    }

    /// The metric tag this part is for.
    public var tag: Threshold.Tag { Threshold.Tag(key: key, value: value) }
}
