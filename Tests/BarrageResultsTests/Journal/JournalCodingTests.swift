import Testing
@testable import BarrageCore
@testable import BarrageResults

struct JournalCodingTests {
    @Test func everyRecordRoundTripsThroughOneLine() throws {
        let records: [JournalRecord] = [
            .plan(JournalFixtures.plan(thresholds: [try Threshold.parse(flag: "http_req_duration:p(95)<500")])),
            .second(JournalFixtures.seconds[0]),
            .late(JournalLate(seq: 0, agent: JournalFixtures.share("a2", requests: 1, micros: 5000))),
            .note(JournalNote(text: "agent a2 lost at 4s\n\"quoted\"")),
        ]
        for record in records {
            let line = try JournalCoding.line(record)
            #expect(line.hasSuffix("\n") && line.dropLast().firstIndex(of: "\n") == nil)
            #expect(line.contains("\"type\":\"\(record.kind)\""))
            let decoded = try JournalCoding.decode(line, file: "j")
            #expect(decoded.records == [record])
            #expect(!decoded.truncatedLastLine)
        }
    }

    /// A coordinator killed mid-write leaves half a line without its newline: dropped, noted.
    @Test func aTruncatedLastLineIsTolerated() throws {
        let text = try JournalFixtures.text([.plan(JournalFixtures.plan()), .second(JournalFixtures.seconds[0])])
        let cut = try JournalCoding.line(.second(JournalFixtures.seconds[1]))
        let decoded = try JournalCoding.decode(text + cut.prefix(cut.count / 2), file: "j")
        #expect(decoded.records.count == 2)
        #expect(decoded.truncatedLastLine)
    }

    @Test(arguments: [
        ("{\"type\":\"plan\"\n{}\n", 1, "not JSON"),
        ("not json\n", 1, "not JSON"),
        ("{\"type\":\"plan\",\"version\":1}\n", 1, "missing field"),
        ("{\"type\":\"party\"}\n", 1, "unknown record type 'party'"),
        ("{\"type\":\"end\"}\n\n{\"type\":\"end\"}\n", 1, "missing field"),
    ])
    func aBadLineNamesItsLine(text: String, line: Int, detail: String) {
        #expect {
            _ = try JournalCoding.decode(text, file: "results/x/journal.jsonl")
        } throws: { error in
            guard let error = error as? JournalError else { return false }
            return error.line == line && error.description.hasPrefix("results/x/journal.jsonl:\(line): ") && error.detail.contains(detail)
        }
    }

    /// A complete bad line (it ends in a newline) in the middle is an error, not a truncation.
    @Test func aBadLineInTheMiddleIsAnError() throws {
        let text = try JournalFixtures.text([.plan(JournalFixtures.plan())]) + "{\"type\":\"second\"}\n"
            + (try JournalCoding.line(.second(JournalFixtures.seconds[0])))
        #expect(throws: JournalError.self) { _ = try JournalCoding.decode(text, file: "j") }
        do {
            _ = try JournalCoding.decode(text, file: "j")
        } catch {
            #expect(error.line == 2)
        }
    }
}
