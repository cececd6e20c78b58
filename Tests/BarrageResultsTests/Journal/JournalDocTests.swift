import BarrageTestSupport
import Testing
@testable import BarrageCore
@testable import BarrageResults

/// Keeps docs/RESULTS.md and the journal code in step: its example journal decodes and replays
/// (partial, as the text says), its `end` line decodes, every record type is named.
struct JournalDocTests {
    @Test func theExamplesDecodeAndReplay() throws {
        let doc = try DocFile.read("RESULTS.md")
        let blocks = DocFile.jsonBlocks(in: doc, fence: "```jsonl")
        try #require(blocks.count == 2)
        let journal = try JournalCoding.decode(blocks[0].text + "\n", file: "docs/RESULTS.md")
        #expect(journal.records.map(\.kind) == ["plan", "second", "second", "note"])
        let run = try JournalReplay.replay(journal, file: "docs/RESULTS.md")
        #expect(run.partial)
        #expect(run.report.notes.last == "partial: the coordinator stopped at 2 s of 3m")
        #expect(run.report.metrics.counters.httpReqs == 6 && run.report.metrics.histogram(.httpReqDuration).totalCount == 6)
        #expect(run.report.thresholdResults.map(\.passed) == [true])
        let end = try JournalCoding.decode(blocks[1].text + "\n", file: "docs/RESULTS.md")
        #expect(end.records.map(\.kind) == ["end"])
        for kind in ["plan", "second", "late", "note", "end"] {
            #expect(doc.contains("- `\(kind)`:"), "record type \(kind) is not described in docs/RESULTS.md")
        }
    }
}
