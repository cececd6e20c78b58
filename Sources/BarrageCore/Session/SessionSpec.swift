/// What a VU carries between requests besides the requests themselves: its cookie jar's life,
/// the data sets it reads rows from, the HTTP client options, and the agent's identity.
public struct SessionSpec: Codable, Sendable, Equatable {
    /// How long a VU's cookies live (k6's default is ``perIteration``).
    public enum CookieMode: String, Codable, Sendable, CaseIterable {
        /// Each VU has its own jar, cleared when an iteration starts.
        case perIteration
        /// The jar lives as long as the VU.
        case perVU
        /// No cookie engine: Set-Cookie is ignored.
        case off
    }

    public var cookies: CookieMode
    /// The agent's index in the coordinator's list (`${agent}`); set by the agent from `prepare`.
    public var agentIndex: Int
    public var http: HTTPOptions
    /// The data sets, with this agent's row counts (their rows follow `prepare` as `data_chunk`s).
    public var data: [DataSetSpec]

    /// The most data sets one run may have.
    public static let maximumDataSets = 64

    public init(cookies: CookieMode = .perIteration, agentIndex: Int = 0, http: HTTPOptions = HTTPOptions(), data: [DataSetSpec] = []) {
        self.cookies = cookies
        self.agentIndex = agentIndex
        self.http = http
        self.data = data
    }

    enum CodingKeys: String, CodingKey {
        case cookies
        case agentIndex = "agent_index"
        case http, data
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cookies = try c.decodeIfPresent(CookieMode.self, forKey: .cookies) ?? .perIteration
        agentIndex = try c.decodeIfPresent(Int.self, forKey: .agentIndex) ?? 0
        guard (0...100_000).contains(agentIndex) else {
            throw DecodingError.dataCorruptedError(forKey: .agentIndex, in: c, debugDescription: "expected 0...100000, got \(agentIndex)")
        }
        http = try c.decodeIfPresent(HTTPOptions.self, forKey: .http) ?? HTTPOptions()
        data = try c.decodeIfPresent([DataSetSpec].self, forKey: .data) ?? []
        guard data.count <= Self.maximumDataSets, Set(data.map(\.name)).count == data.count else {
            throw DecodingError.dataCorruptedError(forKey: .data, in: c, debugDescription: "at most \(Self.maximumDataSets) data sets with distinct names")
        }
    }
}
