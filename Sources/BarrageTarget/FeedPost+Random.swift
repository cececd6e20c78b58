import BarrageCore

/// Deterministic filler for ``FeedPost``: names and sentences drawn from fixed word lists.
extension FeedPost {
    /// Content length bounds in characters, as in the reference experiment ("200-500 characters").
    static let contentLengthRange = 200...500

    /// Makes a post whose every field comes from `rng`, apart from `id` and `createdMicros`.
    /// - Parameters:
    ///   - id: the post's id.
    ///   - createdMicros: creation instant, microseconds since the Unix epoch (UTC).
    ///   - rng: the page's generator; advanced by this call.
    static func random(id: Int, createdMicros: Int64, using rng: inout SplitMix64) -> FeedPost {
        let author = firstNames[rng.next(below: firstNames.count)] + "_" + lastNames[rng.next(below: lastNames.count)]
        let content = randomContent(using: &rng)
        // A quarter of the posts were edited between one minute and two hours after creation.
        let editedAfterMicros: Int64 = rng.next(below: 4) == 0 ? Int64(rng.next(in: 60_000_000...7_200_000_000)) : 0
        return FeedPost(
            id: id,
            author: author,
            content: content,
            createdAt: FeedTimestamp.format(epochMicros: createdMicros),
            updatedAt: FeedTimestamp.format(epochMicros: createdMicros + editedAfterMicros)
        )
    }

    /// Sentences of 5-14 words, ending in a full stop, with a length inside ``contentLengthRange``.
    ///
    /// A target length is drawn first; words are appended while the text plus a closing full stop
    /// still fits. The target starts 15 characters above the minimum, more than the longest word
    /// plus its separator, so the text always ends up within the range.
    static func randomContent(using rng: inout SplitMix64) -> String {
        let target = rng.next(in: (contentLengthRange.lowerBound + 15)...contentLengthRange.upperBound)
        var text = ""
        var wordsLeftInSentence = rng.next(in: 5...14)
        var startsSentence = true
        while true {
            var word = words[rng.next(below: words.count)]
            if startsSentence {
                word = word.prefix(1).uppercased() + word.dropFirst()
            }
            let separator = text.isEmpty ? 0 : 1
            // Keep one character free for the closing full stop.
            guard text.utf8.count + separator + word.utf8.count + 1 <= target else { break }
            if separator == 1 { text += " " }
            text += word
            wordsLeftInSentence -= 1
            startsSentence = wordsLeftInSentence == 0
            if startsSentence {
                text += "."
                wordsLeftInSentence = rng.next(in: 5...14)
            }
        }
        if !text.hasSuffix(".") { text += "." }
        return text
    }

    static let firstNames = [
        "ava", "ben", "chloe", "daniel", "ella", "finn", "grace", "hana", "ivan", "jisoo",
        "kai", "lena", "minjun", "nora", "oscar", "priya", "quinn", "rosa", "seojun", "theo",
        "uma", "victor", "wen", "xavier", "yuna", "zoe",
    ]

    static let lastNames = [
        "kim", "lee", "park", "choi", "jung", "smith", "garcia", "muller", "rossi", "tanaka",
        "nguyen", "silva", "novak", "berg", "costa", "dubois", "ito", "khan", "lopez", "meyer",
    ]

    /// Lower-case ASCII words, none longer than 10 characters (``randomContent(using:)`` relies on it).
    static let words = [
        "the", "a", "load", "test", "server", "client", "network", "bandwidth", "request", "response",
        "latency", "feed", "post", "user", "page", "cache", "database", "query", "worker", "thread",
        "today", "we", "tried", "again", "with", "more", "users", "and", "it", "was",
        "slow", "fast", "still", "only", "about", "per", "second", "limit", "link", "cloud",
        "machine", "home", "line", "megabits", "bytes", "graph", "grafana", "dashboard", "metric", "result",
        "scaling", "did", "not", "help", "because", "of", "our", "own", "upload", "download",
        "throughput", "bottleneck", "measured", "every", "minute", "while", "ten", "hundred", "thousand", "virtual",
        "redis", "mysql", "sqlite", "gevent", "gunicorn", "django", "json", "coffee", "weekend", "morning",
        "finally", "maybe", "next", "time", "is", "to", "in", "on", "for", "from",
    ]
}
