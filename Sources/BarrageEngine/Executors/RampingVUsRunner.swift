import BarrageCore

/// `ramping-vus`: the lowest-numbered VUs up to the planned count loop; above it, VUs finish their
/// iteration (within `gracefulRampDown`) and then idle until the ramp needs them again.
final class RampingVUsRunner: ExecutorRunner {
    private let schedule: LoopSchedule
    private let gracefulMicros: Int64
    /// How many VUs (the lowest indices) should be running now.
    private var targetVUs = 0
    private var nextCheck: Int64 = 0

    /// How often the planned VU count is re-read.
    static let checkMicros: Int64 = 10_000

    init(schedule: LoopSchedule) {
        self.schedule = schedule
        gracefulMicros = schedule.config.gracefulRampDownMicros ?? 0
    }

    func begin(_ loop: any VUPool) {
        adjust(loop)
    }

    func poll(_ loop: any VUPool) -> Int64 {
        if loop.now >= nextCheck { adjust(loop) }
        return nextCheck
    }

    func next(after index: Int, loop: any VUPool) -> ExecutorStep {
        index >= targetVUs ? .idle : .iterate
    }

    private func adjust(_ loop: any VUPool) {
        let now = loop.now
        nextCheck = now + Self.checkMicros
        let target = min(schedule.vus(atMicros: now - loop.runStart), loop.vuCount)
        if target > targetVUs {
            for index in targetVUs..<target {
                loop.setRetireAt(index, micros: .max)
                if !loop.isInIteration(index) { loop.startIteration(index) }
            }
        } else if target < targetVUs {
            for index in target..<targetVUs where loop.isInIteration(index) {
                loop.setRetireAt(index, micros: now + gracefulMicros)
            }
        }
        targetVUs = target
        for index in targetVUs..<loop.vuCount where loop.isInIteration(index) && now >= loop.retireAt(index) {
            loop.interrupt(index)
        }
    }
}
