import BarrageCore

/// The demo feed page served at `GET /api/posts/`: a JSON array of ``postCount`` posts, about 48 KB.
///
/// It stands in for the reference experiment's Django feed (100 posts of 200-500 characters,
/// 48-49 KB per response). The bytes are generated once from ``seed`` with ``SplitMix64``, so they
/// are identical on every run and machine; tests and benchmarks read ``body`` to know the exact size.
///
/// Each post is `{"id":…,"author":…,"content":…,"created_at":…,"updated_at":…}`; ids run from
/// ``postCount`` down to 1 and `created_at` decreases along the array, newest first, like a feed.
public enum FeedPage {
    /// Number of posts in the page.
    public static let postCount = 100

    /// The generator seed of ``body``: "BARRAGE8" in ASCII, chosen because its page is 48,400 bytes.
    public static let seed: UInt64 = 0x4241_5252_4147_4538

    /// The page served by the target: compact UTF-8 JSON, built on first use.
    public static let body: [UInt8] = generate(seed: seed, postCount: postCount)

    /// Builds a page; the same arguments always give the same bytes.
    /// - Parameters:
    ///   - seed: the ``SplitMix64`` seed.
    ///   - postCount: how many posts the array holds.
    /// - Returns: the page as UTF-8 JSON.
    public static func generate(seed: UInt64, postCount: Int) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        // The newest post is from the morning the reference write-up was published.
        var createdMicros = FeedTimestamp.epochSeconds(year: 2023, month: 11, day: 15, hour: 9) * 1_000_000
        var json = "["
        json.reserveCapacity(postCount * 520)
        for index in 0..<postCount {
            if index > 0 { json += "," }
            createdMicros -= Int64(rng.next(in: 30_000_000...5_400_000_000))
            FeedPost.random(id: postCount - index, createdMicros: createdMicros, using: &rng).appendJSON(to: &json)
        }
        json += "]"
        return Array(json.utf8)
    }
}
