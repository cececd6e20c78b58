import BarrageCore
import BarrageTestSupport
import Foundation
import Testing

/// HTMLText, ScriptJSON and TerminalText on names that hide a markup or control character in a
/// grapheme (a Character-based escaper misses every one of them).
struct TextEscapingTests {
    /// The premise: these are single Characters that equal none of the characters they hold.
    @Test func theHostileNamesHideTheirCharacterInAGrapheme() {
        #expect("\u{0600}<".count == 1 && !"\u{0600}<".contains(where: { $0 == "<" }))
        #expect("<\u{0301}".count == 1 && !"<\u{0301}".contains(where: { $0 == "<" }))
        #expect("\u{0600}\u{2066}".count == 2, "bidi controls break graphemes, but get escaped on scalars all the same")
        #expect(HostileText.names.count > 100)
    }

    @Test(arguments: HostileText.names) func htmlTextLeavesNoMarkupCharacter(_ name: String) {
        let escaped = HTMLText.escape(name)
        #expect(!escaped.unicodeScalars.contains { "<>\"'".unicodeScalars.contains($0) }, "\(escaped.debugDescription)")
        // Every & starts one of the references HTMLText writes.
        var rest = Substring(escaped)
        while let ampersand = rest.unicodeScalars.firstIndex(of: "&") {
            let tail = rest[ampersand...]
            #expect(["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].contains { tail.unicodeScalars.starts(with: $0.unicodeScalars) }, "\(escaped.debugDescription)")
            rest = rest[rest.unicodeScalars.index(after: ampersand)...]
        }
        let kept = Array(name.unicodeScalars).filter { !PeerText.hasControlCharacter(String($0)) || $0 == "\n" || $0 == "\t" }
        #expect(Array(Self.unescapeHTML(escaped).unicodeScalars) == kept)
    }

    @Test func htmlTextSpellsEachReference() {
        #expect(HTMLText.escape(#"a<b>&"c"'d'"#) == "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;")
        #expect(HTMLText.escape("\u{0600}<img>") == "\u{0600}&lt;img&gt;")
        #expect(HTMLText.escape("<\u{0301}") == "&lt;\u{0301}")
        #expect(HTMLText.escape("a\u{0}b\u{1B}c\td\ne") == "abc\td\ne")
    }

    @Test(arguments: HostileText.names) func scriptJSONHasNoMarkupAndParsesBack(_ name: String) throws {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: ["name": name]), as: UTF8.self)
        let safe = ScriptJSON.embeddable(json)
        #expect(!safe.unicodeScalars.contains { "<>&'\u{2028}\u{2029}".unicodeScalars.contains($0) }, "\(safe.debugDescription)")
        #expect(!safe.lowercased().contains("</script"))
        let parsed = try JSONSerialization.jsonObject(with: Data(safe.utf8)) as? [String: String]
        #expect(parsed?["name"].map { Array($0.unicodeScalars) } == Array(name.unicodeScalars))
    }

    @Test func scriptJSONSpellsEachEscape() {
        #expect(ScriptJSON.embeddable(#"{"a":"\#u{0600}</script>&'\#u{2028}"}"#) == #"{"a":"\#u{0600}\u003c/script\u003e\u0026\u0027\u2028"}"#)
    }

    @Test(arguments: HostileText.names) func terminalTextLeavesNoControlOrBidiScalar(_ name: String) {
        let escaped = TerminalText.escape(name)
        #expect(!escaped.unicodeScalars.contains(where: TerminalText.isUnsafe), "\(escaped.debugDescription)")
    }

    @Test func terminalTextShowsWhatItEscaped() {
        #expect(TerminalText.escape("\u{0600}\u{1B}[2J\r\n\t") == "\u{0600}\\u{1B}[2J\\r\\n\\t")
        #expect(TerminalText.escape("\u{0600}\u{202E}evil\u{2066}\u{2069}\u{061C}") == "\u{0600}\\u{202E}evil\\u{2066}\\u{2069}\\u{61C}")
        #expect(TerminalText.escape("\u{9B}31m\u{7F}\u{2028}") == "\\u{9B}31m\\u{7F}\\u{2028}")
        #expect(TerminalText.escape("plain é 👩‍💻") == "plain é 👩‍💻")
        // PeerText (logs) escapes by the same rule.
        #expect(PeerText.escape("\u{0600}\u{202E}x") == "\u{0600}\\u{202e}x")
    }

    /// The five references back to their characters, matched on scalars.
    static func unescapeHTML(_ text: String) -> String {
        let references: [(String, Unicode.Scalar)] = [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'")]
        var scalars = Array(text.unicodeScalars)[...]
        var out = String.UnicodeScalarView()
        while let first = scalars.first {
            if first == "&", let (reference, scalar) = references.first(where: { scalars.starts(with: $0.0.unicodeScalars) }) {
                out.append(scalar)
                scalars = scalars.dropFirst(reference.unicodeScalars.count)
            } else {
                out.append(first)
                scalars = scalars.dropFirst()
            }
        }
        return String(out)
    }
}
