import BarrageCore
import Foundation

/// One event loop an ``Engine`` starts: the one-scenario spec it runs, its place among that
/// scenario's loops, when it starts after the test's start, and its mailbox.
struct EngineLoop: Sendable {
    let mailbox: LoopMailbox
    /// The scenario's spec (``RunSpec/running(_:)``), or the whole spec for a test of one.
    let spec: RunSpec
    /// The loop's index among its scenario's loops, and how many it has.
    let index: Int
    let count: Int
    /// The scenario's `startTime`, µs.
    let startOffsetMicros: Int64
    /// The scenario's index in the spec.
    let scenario: Int

    /// The loops of every scenario: never more per scenario than cores or its VUs, whatever the
    /// spec asks (each loop costs a thread and descriptors, and a peer must not be able to exhaust
    /// them), and with several scenarios the cores are shared out among them (one loop each when
    /// there are more scenarios than cores).
    static func plan(
        _ parts: [RunSpec], startOffsets: [Int64], threads: Int, connectPolicy: ConnectPolicy?
    ) throws(EngineError) -> [EngineLoop] {
        let cores = max(ProcessInfo.processInfo.activeProcessorCount, 1)
        let budget = min(threads > 0 ? threads : cores, cores)
        let perScenario = max(1, budget / max(parts.count, 1))
        var loops: [EngineLoop] = []
        for (scenario, part) in parts.enumerated() {
            let count = max(1, min(perScenario, max(part.executorPlan.maxVUs, 1)))
            for index in 0..<count {
                loops.append(EngineLoop(
                    mailbox: LoopMailbox(waker: try Waker.make(), connectPolicy: connectPolicy), spec: part, index: index,
                    count: count, startOffsetMicros: startOffsets.indices.contains(scenario) ? startOffsets[scenario] : 0,
                    scenario: scenario))
            }
        }
        return loops
    }
}
