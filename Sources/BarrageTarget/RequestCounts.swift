/// How many responses the target has written per ``Route`` since it started: the value of `GET /stats`.
public struct RequestCounts: Sendable, Equatable {
    /// Feed pages served (`GET /api/posts/` and `GET /api/posts`).
    public var posts: Int
    /// `GET /healthz` answered.
    public var healthz: Int
    /// `GET /stats` answered, including the request that reads these counts.
    public var stats: Int
    /// 404 and 405 responses.
    public var other: Int
    /// `POST /api/posts/` answered with 201.
    public var created: Int

    /// Creates counts; all default to zero.
    public init(posts: Int = 0, healthz: Int = 0, stats: Int = 0, other: Int = 0, created: Int = 0) {
        self.posts = posts
        self.healthz = healthz
        self.stats = stats
        self.other = other
        self.created = created
    }

    /// The sum over all routes.
    public var total: Int { posts + healthz + stats + other + created }

    /// The count of one route.
    public subscript(route: Route) -> Int {
        switch route {
        case .posts: return posts
        case .healthz: return healthz
        case .stats: return stats
        case .other: return other
        case .created: return created
        }
    }

    /// The `/stats` body, compact JSON with routes in ``Route`` order:
    /// `{"requests":{"/api/posts/":7,"/healthz":2,"/stats":1,"other":1,"POST /api/posts/":0},"total":11}`.
    public var json: String {
        let entries = Route.allCases.map { "\"\($0.statsKey)\":\(self[$0])" }
        return "{\"requests\":{\(entries.joined(separator: ","))},\"total\":\(total)}"
    }
}
