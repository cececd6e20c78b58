/// Names built to slip past an escaper that compares Swift `Character`s: a markup or control
/// character folded into one grapheme with what precedes or follows it.
///
/// U+0600..U+0605, U+06DD, U+08E2, U+110BD and U+0D4E are grapheme "prepend" characters: with the
/// character after them they form one `Character` (U+0600 followed by `<` is not equal to `"<"`).
/// A combining mark (U+0301) or a zero-width joiner after `<` does the same from the other side.
public enum HostileText {
    /// The prepend characters of Unicode's grapheme rules used here.
    public static let prepends: [Unicode.Scalar] = [
        "\u{0600}", "\u{0601}", "\u{0602}", "\u{0603}", "\u{0604}", "\u{0605}", "\u{06DD}", "\u{08E2}", "\u{110BD}", "\u{0D4E}",
    ]

    /// Each `payload` hidden in graphemes every way the list knows.
    public static func hiding(_ payload: String) -> [String] {
        var texts: [String] = []
        for prepend in prepends {
            texts.append(String(prepend) + payload)
            texts.append("x" + String(prepend) + payload + String(prepend) + payload)
        }
        texts.append(payload + "\u{0301}")
        texts.append("\u{0301}" + payload + "\u{0301}")
        texts.append("a\u{200D}" + payload + "\u{200D}b")
        texts.append("👩\u{200D}" + payload)
        texts.append("🇫" + payload + "🇷")
        return texts
    }

    /// The report-page payload: `\u0600</script>\u0600<img src=x onerror=...>`.
    public static let scriptBreakout = "\u{0600}</script>\u{0600}<img src=x onerror=\"document.title='XSS'\">"

    /// Names for every target language at once: markup, quotes, a script end, separators, controls.
    public static let names: [String] = [scriptBreakout, "\u{0600}'\u{0600}\"", "\u{0600}&amp;"]
        + hiding("<") + hiding(">") + hiding("\"") + hiding("'") + hiding("&") + hiding("</script>")
        + hiding(",") + hiding("=") + hiding(" ") + hiding("\r\n") + hiding("\u{1B}[2J") + hiding("\u{202E}")
}
