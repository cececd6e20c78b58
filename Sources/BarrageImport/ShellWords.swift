/// Splits command lines into words as a POSIX shell would for the quoting browsers' "Copy as
/// cURL" uses: '...', "..." (with \" \\ \$ \` escapes), $'...' (ANSI-C escapes such as \r\n
/// and \x41), backslash escapes and line continuations. An unquoted newline or `;` ends a
/// command. No expansion is done: `$HOME` stays as written.
enum ShellWords {
    /// The commands in `text`, each a list of words.
    /// - Throws: ``ImportError/badCurl(_:)`` for an unterminated quote.
    static func commands(_ text: String) throws(ImportError) -> [[String]] {
        var commands: [[String]] = []
        var words: [String] = []
        var word = ""
        var inWord = false
        var characters = Array(text.unicodeScalars)[...]
        func endWord() {
            if inWord { words.append(word) }
            word = ""
            inWord = false
        }
        func endCommand() {
            endWord()
            if !words.isEmpty { commands.append(words) }
            words = []
        }
        while let scalar = characters.popFirst() {
            switch scalar {
            case " ", "\t", "\r":
                endWord()
            case "\n", ";":
                endCommand()
            case "\\":
                guard let next = characters.popFirst() else { break }
                if next == "\n" { continue }  // a line continuation
                if next == "\r", characters.first == "\n" { characters.removeFirst(); continue }
                word.unicodeScalars.append(next)
                inWord = true
            case "'":
                inWord = true
                guard let close = characters.firstIndex(of: "'") else { throw .badCurl("a ' quote is not closed") }
                word.unicodeScalars.append(contentsOf: characters[..<close])
                characters = characters[(close + 1)...]
            case "\"":
                inWord = true
                var closed = false
                while let inner = characters.popFirst() {
                    if inner == "\"" { closed = true; break }
                    if inner == "\\", let escaped = characters.first, "\"\\$`\n".unicodeScalars.contains(escaped) {
                        characters.removeFirst()
                        if escaped != "\n" { word.unicodeScalars.append(escaped) }
                        continue
                    }
                    word.unicodeScalars.append(inner)
                }
                guard closed else { throw .badCurl("a \" quote is not closed") }
            case "$" where characters.first == "'":
                characters.removeFirst()
                inWord = true
                try ansiC(&characters, into: &word)
            default:
                word.unicodeScalars.append(scalar)
                inWord = true
            }
        }
        endCommand()
        return commands
    }

    /// The body of a `$'...'` word, after its opening quote.
    private static func ansiC(_ characters: inout ArraySlice<Unicode.Scalar>, into word: inout String) throws(ImportError) {
        while let scalar = characters.popFirst() {
            if scalar == "'" { return }
            guard scalar == "\\", let escape = characters.popFirst() else {
                word.unicodeScalars.append(scalar)
                continue
            }
            switch escape {
            case "n": word += "\n"
            case "r": word += "\r"
            case "t": word += "\t"
            case "0": word += "\0"
            case "a": word += "\u{7}"
            case "b": word += "\u{8}"
            case "e", "E": word += "\u{1B}"
            case "f": word += "\u{C}"
            case "v": word += "\u{B}"
            case "x", "u", "U":
                let limit = escape == "x" ? 2 : (escape == "u" ? 4 : 8)
                var digits = ""
                while digits.count < limit, let next = characters.first, next.properties.isASCIIHexDigit {
                    digits.unicodeScalars.append(next)
                    characters.removeFirst()
                }
                guard let value = UInt32(digits, radix: 16), let decoded = Unicode.Scalar(value) else {
                    throw .badCurl("bad \\\(escape) escape in a $'...' word")
                }
                word.unicodeScalars.append(decoded)
            default:
                word.unicodeScalars.append(escape)
            }
        }
        throw .badCurl("a $' quote is not closed")
    }
}
