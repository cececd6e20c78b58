import Testing
@testable import BarrageCore

/// Data slices by the agents' VU split: in `unique` mode they add up to the file exactly and no
/// row is used twice, for any split (a property test that prints its seed).
struct DataSlicingTests {
    @Test func uniqueSlicesPartitionTheFileForAnySplit() {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("DataSlicingTests seed: \(seed)")
        var random = SplitMix64(seed: seed)
        for _ in 0..<500 {
            let agents = random.next(in: 1...12)
            let vuParts = (0..<agents).map { _ in random.next(in: 0...40) }
            let rows = random.next(in: 0...5_000)
            var seen: [Int] = []
            for index in 0..<agents {
                let slice = DataSlicing.rows(mode: .unique, onExhausted: .stopVU, rowCount: rows, vuParts: vuParts, index: index)
                if vuParts[index] == 0 { #expect(slice.isEmpty) }
                // Each loop's block of the agent's slice partitions it the same way.
                let loops = (0..<random.next(in: 1...4)).map { _ in random.next(in: 1...10) }
                var covered = 0
                for loop in loops.indices {
                    let block = DataSlicing.loopRange(mode: .unique, rowCount: slice.count, vuParts: loops, index: loop)
                    #expect(block.lowerBound == covered)
                    covered = block.upperBound
                }
                #expect(covered == slice.count)
                seen += slice
            }
            if vuParts.allSatisfy({ $0 == 0 }) { continue }
            #expect(seen.sorted() == Array(0..<rows), "seed \(seed): split \(vuParts) of \(rows) rows")
        }
    }

    @Test func sharedIterationsAndUniqueRowsSplitAlike() {
        // 300 rows for 300 shared iterations over 30 VUs: every agent gets its iterations' rows.
        for split in [[10, 10, 10], [7, 13, 10], [29, 1, 0]] {
            let iterations = ExecutorPlan.shareByVUs(300, vuParts: split)
            for index in split.indices {
                #expect(DataSlicing.rows(mode: .unique, onExhausted: .stopVU, rowCount: 300, vuParts: split, index: index).count == iterations[index])
            }
        }
    }

    @Test func perVUGivesEachVUItsRow() {
        #expect(DataSlicing.rows(mode: .perVU, onExhausted: .stopVU, rowCount: 5, vuParts: [3, 4], index: 0) == [0, 1, 2])
        #expect(DataSlicing.rows(mode: .perVU, onExhausted: .stopVU, rowCount: 5, vuParts: [3, 4], index: 1) == [3, 4])
        #expect(DataSlicing.rows(mode: .perVU, onExhausted: .wrap, rowCount: 5, vuParts: [3, 4], index: 1) == [3, 4, 0, 1])
        #expect(DataSlicing.rows(mode: .cycle, onExhausted: .stopVU, rowCount: 2, vuParts: [3, 4, 1], index: 2) == [0, 1])
    }
}
