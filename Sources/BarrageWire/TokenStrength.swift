import Foundation

/// A rough estimate of how hard a token is to guess, used to refuse obviously weak ones.
///
/// It cannot know how a token was made, so it measures how random the text looks:
///
/// 1. The token is cut to its shortest repeating unit: `abababab` counts as `ab`,
///    `0123456789abcdef0123456789abcdef` as `0123456789abcdef`.
/// 2. The unit's bits are its length times the smaller of two Shannon entropies (bits per
///    character, from the frequencies in the unit itself): that of its characters and that of the
///    steps between neighbouring characters, so runs such as `abcdef…` or `0123…` count for
///    little however many distinct characters they use.
/// 3. A token also needs ``minimumDistinctCharacters`` different characters, so long tokens
///    over a tiny alphabet (`aaaabbbb…`) fail too.
/// 4. Runs of letters that read like words count little (``bitsBesidesWords(_:)``): a phrase
///    such as `thequickbrownfoxjumpsoverthelazydog` is found by a word list, whatever its letters.
///
/// `openssl rand -hex 32` (256 random bits) scores about 230-250 and `openssl rand -base64 32`
/// about 200-225; 16 × `a`, `abab…` and `0123456789abcdef` score under 10. The estimate is
/// conservative for short random tokens (`openssl rand -hex 16`, 128 random bits, scores
/// about 110 and is refused), which errs on the safe side.
public enum TokenStrength {
    /// The fewest estimated bits accepted.
    public static let minimumBits = 128
    /// The fewest different characters accepted.
    public static let minimumDistinctCharacters = 10

    /// The estimated bits of `token`, rounded down (see the type's description).
    public static func estimatedBits(_ token: String) -> Int {
        let unit = Array(shortestRepeatingUnit(Array(token.unicodeScalars)))
        let steps = zip(unit, unit.dropFirst()).map { Int($1.value) - Int($0.value) }
        let bitsPerCharacter = min(entropy(unit), entropy(steps))
        return Int(bitsPerCharacter * Double(unit.count))
    }

    /// The number of different characters in `token`.
    public static func distinctCharacters(_ token: String) -> Int {
        Set(token.unicodeScalars).count
    }

    /// Whether `token` meets ``minimumBits``, ``minimumDistinctCharacters`` and, apart from
    /// what reads like words, ``minimumBitsBesidesWords``.
    public static func isStrong(_ token: String) -> Bool {
        estimatedBits(token) >= minimumBits && distinctCharacters(token) >= minimumDistinctCharacters
            && bitsBesidesWords(token) >= minimumBitsBesidesWords
    }

    /// The shortest prefix whose repetition (the last copy possibly cut short) is `items`.
    ///
    /// The smallest period is the length minus the longest proper prefix that is also a suffix,
    /// found with Knuth-Morris-Pratt's prefix function in linear time.
    static func shortestRepeatingUnit<T: Equatable>(_ items: [T]) -> ArraySlice<T> {
        guard items.count > 1 else { return items[...] }
        var border = [Int](repeating: 0, count: items.count)
        for index in 1..<items.count {
            var length = border[index - 1]
            while length > 0, items[index] != items[length] { length = border[length - 1] }
            if items[index] == items[length] { length += 1 }
            border[index] = length
        }
        return items[..<(items.count - border[items.count - 1])]
    }

    /// Shannon entropy in bits per item of the items' frequencies; 0 for fewer than two items.
    static func entropy<T: Hashable>(_ items: [T]) -> Double {
        guard items.count > 1 else { return 0 }
        var counts: [T: Int] = [:]
        for item in items { counts[item, default: 0] += 1 }
        let total = Double(items.count)
        return counts.values.reduce(0) { sum, count in
            let p = Double(count) / total
            return sum - p * log2(p)
        }
    }
}
