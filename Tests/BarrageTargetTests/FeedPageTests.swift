import BarrageTarget
import Foundation
import Testing

struct FeedPageTests {
    private static func posts(_ body: [UInt8]) throws -> [[String: Any]] {
        let json = try JSONSerialization.jsonObject(with: Data(body))
        return try #require(json as? [[String: Any]], "the page must be a JSON array of objects")
    }

    @Test func isAJSONArrayOfOneHundredPostsWithTheFeedFields() throws {
        let posts = try Self.posts(FeedPage.body)
        #expect(posts.count == 100)
        #expect(FeedPage.postCount == 100)
        let fields: Set<String> = ["id", "author", "content", "created_at", "updated_at"]
        for post in posts {
            #expect(Set(post.keys) == fields)
            #expect(post["id"] is Int)
            #expect(!((post["author"] as? String) ?? "").isEmpty)
        }
        #expect(Set(posts.compactMap { $0["id"] as? Int }) == Set(1...100))
    }

    @Test func contentIsTwoHundredToFiveHundredCharacters() throws {
        for post in try Self.posts(FeedPage.body) {
            let content = try #require(post["content"] as? String)
            #expect((200...500).contains(content.count), "content length \(content.count)")
        }
    }

    @Test func timestampsAreISO8601NewestFirstAndNeverEditedBeforeCreation() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var previousCreated = Date.distantFuture
        for post in try Self.posts(FeedPage.body) {
            let created = try #require(formatter.date(from: post["created_at"] as? String ?? ""))
            let updated = try #require(formatter.date(from: post["updated_at"] as? String ?? ""))
            #expect(updated >= created)
            #expect(created < previousCreated)
            previousCreated = created
        }
    }

    @Test func weighsAbout48KB() {
        #expect((47_000...49_500).contains(FeedPage.body.count), "page is \(FeedPage.body.count) bytes")
    }

    @Test func isTheSameBytesOnEveryRunAndMachine() {
        #expect(FeedPage.generate(seed: FeedPage.seed, postCount: FeedPage.postCount) == FeedPage.body)
        // FNV-1a 64 of the page as first generated; changing the generator changes every benchmark's byte counts.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in FeedPage.body {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        #expect(FeedPage.body.count == 48_400)
        #expect(hash == 0xF398_9E11_3B07_B754)
    }

    @Test func otherSeedsGiveOtherPages() {
        #expect(FeedPage.generate(seed: 1, postCount: 100) != FeedPage.body)
        #expect(FeedPage.generate(seed: 1, postCount: 100) == FeedPage.generate(seed: 1, postCount: 100))
    }
}
