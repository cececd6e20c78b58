import BarrageTarget
import Testing

struct RequestCountsTests {
    @Test func rendersTheStatsBody() {
        let counts = RequestCounts(posts: 7, healthz: 2, stats: 1, other: 1)
        #expect(counts.total == 11)
        #expect(counts.json == #"{"requests":{"/api/posts/":7,"/healthz":2,"/stats":1,"other":1,"POST /api/posts/":0},"total":11}"#)
    }

    @Test func subscriptReadsEachRoute() {
        let counts = RequestCounts(posts: 1, healthz: 2, stats: 3, other: 4, created: 5)
        #expect(Route.allCases.map { counts[$0] } == [1, 2, 3, 4, 5])
    }
}
