extension TokenStrength {
    /// The fewest estimated bits a token must hold besides the runs of letters that read like
    /// words. A join listener lets anyone test guesses offline (README, "Security"), and a word
    /// list is the first thing tried: `thequickbrownfoxjumpsoverthelazydog` has plenty of
    /// distinct letters but almost none of their randomness. 2^64 guesses at a billion a second
    /// take five centuries.
    public static let minimumBitsBesidesWords = 64

    /// What a letter of text that reads like words is worth: written English carries about 1 to
    /// 1.5 bits a letter (Shannon, "Prediction and Entropy of Printed English", 1951).
    static let bitsPerWordLetter = 1.5

    /// The hundred most frequent letter pairs of English text (about three quarters of its pairs;
    /// a random pair is one of them 15 % of the time).
    static let commonPairs: Set<String> = Set("""
        th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as ou io le ve co me de hi
        ri ro ic ne ea ra ce li ch ll be ma si om ur ca el ta la ns di fo ho pe ec pr no ct us ac ot il tr ly nc
        et ut ss so rs un lo wa ge ie wh ee wi em ad ol rt po we na ul ni ts mo ow pa im mi ai sh
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    /// The share of common pairs from which a run of letters counts as words: English text scores
    /// 0.4-1, a random run of 20 letters scores this much or more about 1 time in 30.
    static let wordLikeShare = 0.35

    /// The estimated bits of `token` when its runs of three or more letters that read like words
    /// count ``bitsPerWordLetter`` each and the rest is measured as ``estimatedBits(_:)`` does.
    ///
    /// A run reads like words on its own (``readsLikeWords(_:)``), or because all the runs
    /// together do: short words (`dog`, `jumps`) say too little alone.
    public static func bitsBesidesWords(_ token: String) -> Int {
        var pieces: [(text: String, isLetters: Bool)] = []
        for scalar in token.unicodeScalars {
            let isLetter = scalar.isASCII && scalar.properties.isAlphabetic
            if let last = pieces.last, last.isLetters == isLetter {
                pieces[pieces.count - 1].text.unicodeScalars.append(scalar)
            } else {
                pieces.append((String(scalar), isLetter))
            }
        }
        let runs = pieces.filter { $0.isLetters && $0.text.unicodeScalars.count >= 3 }.map(\.text)
        let allRead = readsLikeWords(runs.joined())
        let isWords = pieces.map { $0.isLetters && $0.text.unicodeScalars.count >= 3 && (allRead || readsLikeWords($0.text)) }
        var remainder = ""
        var wordLetters = 0
        for (index, piece) in pieces.enumerated() {
            if isWords[index] {
                wordLetters += piece.text.unicodeScalars.count
            } else if index > 0, index + 1 < pieces.count, isWords[index - 1], isWords[index + 1], piece.text.unicodeScalars.count == 1 {
                continue  // one separator between two words (`-`, ` `, `_`) adds next to nothing
            } else {
                remainder += piece.text
            }
        }
        return estimatedBits(remainder) + Int(Double(wordLetters) * bitsPerWordLetter)
    }

    /// Whether a run of letters has at least ``wordLikeShare`` of its letter pairs among English's
    /// ``commonPairs`` (case ignored, so `QuickBrownFox` reads as words too).
    static func readsLikeWords(_ run: String) -> Bool {
        let letters = Array(run.lowercased())
        guard letters.count >= 2 else { return false }
        let common = zip(letters, letters.dropFirst()).filter { commonPairs.contains(String([$0, $1])) }.count
        return Double(common) >= wordLikeShare * Double(letters.count - 1)
    }
}
