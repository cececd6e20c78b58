/// A binary min-heap of (deadline, VU index): one per event loop, so thousands of sleeping VUs cost
/// no thread, Task or timer each. The earliest deadline bounds the loop's `epoll_wait` timeout.
struct TimerHeap {
    private var deadlines: ContiguousArray<Int64> = []
    private var vus: ContiguousArray<Int32> = []

    init(capacity: Int) {
        deadlines.reserveCapacity(capacity)
        vus.reserveCapacity(capacity)
    }

    var isEmpty: Bool { deadlines.isEmpty }
    var count: Int { deadlines.count }
    var earliest: Int64? { deadlines.first }

    mutating func push(deadline: Int64, vu: Int32) {
        deadlines.append(deadline)
        vus.append(vu)
        var child = deadlines.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard deadlines[child] < deadlines[parent] else { break }
            deadlines.swapAt(child, parent)
            vus.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the VU with the earliest deadline, and that deadline, if it is due by `now`.
    mutating func popDue(now: Int64) -> (vu: Int32, deadline: Int64)? {
        guard let first = deadlines.first, first <= now else { return nil }
        let vu = vus[0]
        let last = deadlines.count - 1
        deadlines.swapAt(0, last)
        vus.swapAt(0, last)
        deadlines.removeLast()
        vus.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < deadlines.count else { break }
            let right = left + 1
            let smaller = right < deadlines.count && deadlines[right] < deadlines[left] ? right : left
            guard deadlines[smaller] < deadlines[parent] else { break }
            deadlines.swapAt(smaller, parent)
            vus.swapAt(smaller, parent)
            parent = smaller
        }
        return (vu, first)
    }

    mutating func removeAll() {
        deadlines.removeAll(keepingCapacity: true)
        vus.removeAll(keepingCapacity: true)
    }
}
