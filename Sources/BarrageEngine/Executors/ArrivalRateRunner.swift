import BarrageCore

/// What both arrival-rate executors share: iterations start on a clock (the schedule's), each on
/// an idle VU, on a new one up to maxVUs, or not at all (`dropped_iterations`). The two executors
/// differ only in their schedule, which Core computes: ``ConstantArrivalRateRunner`` and
/// ``RampingArrivalRateRunner``.
class ArrivalRateRunner: ExecutorRunner {
    private let schedule: LoopSchedule
    /// VUs not in an iteration, as a stack.
    private var idleVUs: ContiguousArray<Int32> = []
    /// The next iteration to start and its planned instant (µs since the start).
    private var nextIteration = 0
    private var nextIterationAt: Int64?

    init(schedule: LoopSchedule) {
        self.schedule = schedule
    }

    final func begin(_ loop: any VUPool) {
        idleVUs.reserveCapacity(schedule.maxVUs)
        for index in (0..<loop.vuCount).reversed() { idleVUs.append(Int32(index)) }
        nextIterationAt = schedule.startMicros(ofIteration: 0, from: 0)
    }

    final func poll(_ loop: any VUPool) -> Int64 {
        startDue(loop)
        return nextIterationAt.map { loop.runStart + $0 } ?? .max
    }

    /// Those planned before the end, however late the loop got here.
    final func windowEnded(_ loop: any VUPool) {
        startDue(loop)
        nextIterationAt = nil
    }

    final func next(after index: Int, loop: any VUPool) -> ExecutorStep { .idle }

    final func vuBecameIdle(_ index: Int) {
        idleVUs.append(Int32(index))
    }

    /// Starts every iteration planned by now.
    private func startDue(_ loop: any VUPool) {
        let now = loop.now
        while let planned = nextIterationAt, loop.runStart + planned <= now {
            var index = idleVUs.popLast().map(Int.init)
            if index == nil, loop.vuCount < schedule.maxVUs {
                index = loop.addVUForArrivals()
            }
            guard let index else {
                // Every VU is busy: drop everything planned by now at once, so a rate far beyond
                // the VUs never keeps the loop from its sockets, timers and stop commands.
                let due = max((schedule.iterationsStarted(byMicros: now - loop.runStart + 1) ?? 0) - nextIteration, 1)
                loop.dropIterations(due)
                nextIteration += due
                nextIterationAt = schedule.startMicros(ofIteration: nextIteration, from: planned)
                continue
            }
            loop.startIteration(index, latenessMicros: now - (loop.runStart + planned))
            nextIteration += 1
            nextIterationAt = schedule.startMicros(ofIteration: nextIteration, from: planned)
        }
    }
}
