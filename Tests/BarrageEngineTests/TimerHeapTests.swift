import BarrageCore
import Testing
@testable import BarrageEngine

struct TimerHeapTests {
    @Test func popsDueTimersInDeadlineOrder() {
        var heap = TimerHeap(capacity: 8)
        var rng = SplitMix64(seed: 42)
        var expected: [Int64] = []
        for vu in 0..<500 {
            let deadline = Int64(rng.next() % 10_000)
            heap.push(deadline: deadline, vu: Int32(vu))
            expected.append(deadline)
        }
        expected.sort()
        var popped: [Int64] = []
        while let (_, deadline) = heap.popDue(now: .max) { popped.append(deadline) }
        #expect(popped == expected)
        #expect(heap.isEmpty)
    }

    @Test func keepsTimersThatAreNotDue() {
        var heap = TimerHeap(capacity: 2)
        heap.push(deadline: 100, vu: 1)
        heap.push(deadline: 50, vu: 2)
        #expect(heap.popDue(now: 49) == nil)
        #expect(heap.popDue(now: 60)?.vu == 2)
        #expect(heap.popDue(now: 60) == nil)
        #expect(heap.earliest == 100)
    }

    @Test func uniformRandomStaysInRange() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<10_000 {
            let unit = rng.nextUnit()
            #expect(unit >= 0 && unit < 1)
        }
    }
}
