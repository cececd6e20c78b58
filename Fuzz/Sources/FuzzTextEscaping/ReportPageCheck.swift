import BarrageResults

/// The whole report page (``ReportPage/html(_:)``) with `text` as the title, URL, summary, an
/// agent and a note: `text` adds no `<` to the page (so no element, comment or end
/// tag), and the data block, read as a browser does (up to the first `</script`), is JSON that
/// gives `text` back.
enum ReportPageCheck {
    static let reference = markupCount(page(""))

    static func check(_ text: String) {
        let html = page(text)
        precondition(markupCount(html) == reference, "the text added markup: \(text.debugDescription)")
        let bytes = Array(html.utf8)
        guard let start = find(Array(#"<script type="application/json" id="barrage-data">"#.utf8), in: bytes, from: 0),
              let end = find(Array("</script".utf8), in: bytes, from: start.upperBound) else {
            preconditionFailure("no data block")
        }
        ScriptJSONCheck.expectReadsBack(String(decoding: bytes[start.upperBound..<end.lowerBound], as: UTF8.self), text)
    }

    /// Where `needle` first occurs in `bytes` at or after `from`.
    static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Range<Int>? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var index = from
        while index <= bytes.count - needle.count {
            if bytes[index] == first, bytes[index..<(index + needle.count)].elementsEqual(needle) { return index..<(index + needle.count) }
            index += 1
        }
        return nil
    }

    static func page(_ text: String) -> String {
        ReportPage.html(ReportData(
            title: text, url: text, live: false, agents: [text], summary: text, notes: [text], seconds: [], elapsedMicros: 0,
            plannedMicros: 0, finished: true))
    }

    /// The `<` in `html`, counted on UTF-8 bytes (a `<` after U+0600 is inside one `Character`,
    /// but always its own byte).
    static func markupCount(_ html: String) -> Int {
        html.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "<") ? 1 : 0) }
    }
}
