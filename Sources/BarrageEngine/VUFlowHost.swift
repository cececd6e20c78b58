import BarrageCore

/// What a VU's ``VUMachine`` reads and records through its loop: its values (extracted, data,
/// numbering), the loop's random numbers, group durations and loop checks. A two-word value made
/// per event; nothing is allocated.
struct VUFlowHost: FlowHost {
    unowned(unsafe) let loop: EventLoop
    let vu: Int

    func value(of name: FlowName) -> String? {
        switch name {
        case .extracted(let extracted): return loop.program.slot(of: extracted).flatMap { loop.vus[vu].extracted[$0] }
        case .data(let set, let column): return loop.program.field(set: set, column: column, rows: loop.vus[vu].rows)
        case .setup(let name): return loop.spec.setupValues?[name]
        case .vu: return String(loop.program.numbering.vu(vu))
        case .iteration: return String(loop.vus[vu].iterationInTest)
        case .vuIteration: return String(loop.vus[vu].iterationsDone)
        case .status: return nil
        }
    }

    func randomUnit() -> Double { loop.random.nextUnit() }

    func groupEnded(_ group: Int, micros: Int64) { loop.metrics.recordGroup(group, micros: micros) }

    func loopEnded(check: Int, passed: Bool) { loop.metrics.recordLoopCheck(check, passed: passed) }
}
