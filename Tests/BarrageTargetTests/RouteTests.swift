import BarrageTarget
import Testing

struct RouteTests {
    @Test(arguments: [
        ("/api/posts/", Route.posts),
        ("/api/posts", .posts),
        ("/api/posts/?page=2", .posts),
        ("/healthz", .healthz),
        ("/healthz?x", .healthz),
        ("/stats", .stats),
        ("/", .other),
        ("/api/posts//", .other),
        ("/API/POSTS/", .other),
        ("/healthz/", .other),
        ("", .other),
        ("http://127.0.0.1/healthz", .other),
    ])
    func mapsPathsToRoutes(uri: String, expected: Route) {
        #expect(Route(uri: uri) == expected)
    }

    @Test func statsKeysAreThePaths() {
        #expect(Route.allCases.map(\.statsKey) == ["/api/posts/", "/healthz", "/stats", "other", "POST /api/posts/"])
    }
}
