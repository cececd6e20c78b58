import BarrageCore
import Testing
@testable import BarrageEngine

/// How a loop's iterations pick rows of its block in each data mode, and when rows run out.
struct LoopDataTests {
    static func data(_ mode: DataSetSpec.Mode, _ exhausted: DataSetSpec.OnExhausted, rows: Int, block: Range<Int>) throws -> LoopData {
        var table = DataTable(columns: ["n"])
        for index in 0..<rows { try table.append([String(index)]) }
        return LoopData(spec: DataSetSpec(name: "d", columns: ["n"], mode: mode, onExhausted: exhausted, rows: rows), table: table, block: block)
    }

    func take(_ data: LoopData, _ count: Int, vu: Int = 0) -> [Int?] {
        var cursor = 0
        var random = SplitMix64(seed: 7)
        return (0..<count).map { _ in data.row(cursor: &cursor, vu: vu, random: &random) }
    }

    @Test func uniqueTakesEachRowOfTheBlockOnceThenStopsOrWraps() throws {
        #expect(take(try Self.data(.unique, .stopVU, rows: 10, block: 4..<7), 4) == [4, 5, 6, nil])
        #expect(take(try Self.data(.unique, .stopTest, rows: 10, block: 4..<7), 4) == [4, 5, 6, nil])
        #expect(take(try Self.data(.unique, .wrap, rows: 10, block: 4..<7), 5) == [4, 5, 6, 4, 5])
        #expect(take(try Self.data(.unique, .wrap, rows: 10, block: 4..<4), 1) == [nil])
    }

    @Test func cycleRandomAndPerVU() throws {
        #expect(take(try Self.data(.cycle, .stopVU, rows: 10, block: 0..<3), 7) == [0, 1, 2, 0, 1, 2, 0])
        let random = take(try Self.data(.random, .stopVU, rows: 10, block: 2..<5), 200)
        #expect(Set(random.compactMap { $0 }) == [2, 3, 4] && !random.contains(nil))
        let perVU = try Self.data(.perVU, .stopVU, rows: 10, block: 6..<9)
        #expect(take(perVU, 3, vu: 1) == [7, 7, 7])
        #expect(take(perVU, 1, vu: 3) == [nil])
    }
}
