import Testing
@testable import BarrageCore

struct DurationParserTests {
    @Test(arguments: [
        ("500ms", Int64(500_000)), ("30s", 30_000_000), ("3m", 180_000_000), ("1h30m", 5_400_000_000),
        ("1.5s", 1_500_000), ("250us", 250), ("250µs", 250), ("0", 0), (" 2s ", 2_000_000), ("1m30s", 90_000_000),
    ])
    func parsesValidDurations(text: String, micros: Int64) throws {
        #expect(try DurationParser.parse(text).microseconds == micros)
    }

    @Test(arguments: ["", "30", "3x", "ms", "1h30", "abc", "1..2s", "-5s"])
    func rejectsInvalidDurations(text: String) {
        #expect(throws: DurationParseError.self) { try DurationParser.parse(text) }
    }

    @Test func errorNamesValueAndAcceptedForm() {
        #expect(throws: DurationParseError.unknownUnit("3x", "x")) { try DurationParser.parse("3x") }
        let message = DurationParseError.unknownUnit("3x", "x").description
        #expect(message.contains("'3x'") && message.contains("500ms, 30s, 3m"))
    }

    @Test(arguments: [
        (0.0, "0s"), (850.0, "850µs"), (1220.0, "1.22ms"), (4_240_000.0, "4.24s"), (90_000_000.0, "1m30s"),
        (1_000.0, "1ms"), (1_500.0, "1.5ms"), (1_050.0, "1.05ms"),
    ])
    func formatsLikeK6(micros: Double, text: String) {
        #expect(DurationFormatter.format(micros: micros) == text)
    }

    @Test func formatsFlagDurations() {
        #expect(DurationFormatter.format(.seconds(180)) == "3m")
        #expect(DurationFormatter.format(.seconds(90)) == "1m30s")
        #expect(DurationFormatter.format(.milliseconds(500)) == "500ms")
        #expect(DurationFormatter.format(.seconds(5400)) == "1h30m")
    }
}
