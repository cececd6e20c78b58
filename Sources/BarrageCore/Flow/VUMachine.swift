/// One VU's position in its flow, as a pure state machine: given an event and `now`, it runs the
/// ``FlowProgram`` up to the next thing that takes time and returns it as an ``Action``.
///
/// It reads no clock and does no I/O (like `ClientHandshake` and `RunMachine`): the engine sends
/// what the action says and reports back; tests drive it with plain numbers. What it reads or
/// records besides (expression values, random draws, group durations, loop checks) goes through
/// its ``FlowHost``.
public struct VUMachine: Sendable {
    public enum Event: Sendable, Equatable {
        /// A new iteration starts.
        case iterationStart
        /// The request sent finished with `status` (0 without a response); `proceed` is false
        /// when an extraction failed, which skips the rest of the iteration.
        case responded(status: Int, proceed: Bool)
        /// The request could not be sent (a rendered value was not one line): the rest of the
        /// iteration is skipped.
        case notSent
        /// The sleep asked for is over.
        case timerFired
    }

    public enum Action: Sendable, Equatable {
        case send(request: Int)
        case sleep(micros: Int64)
        case endIteration
    }

    /// Instructions one event may run before the machine yields (a sleep of ``yieldMicros``), so
    /// loops of nothing but conditions cannot hold the event loop.
    public static let instructionBudget = 100_000
    /// The pause of a yield, and before ending an iteration that neither sent nor slept (an
    /// iteration of nothing must not start the next one at once, forever).
    public static let yieldMicros: Int64 = 1_000

    /// The next instruction to run.
    public private(set) var pc = 0
    /// The last response's status in this iteration; 0 before one or after a failure.
    public private(set) var status = 0
    private var counters: [Int]
    /// When each group was entered in this iteration; ``notInGroup`` when it is not open.
    private var groupStarts: [Int64]
    private static let notInGroup = Int64.min
    /// Whether this iteration has waited for anything yet.
    private var waited = false

    public init(program: FlowProgram) {
        counters = Array(repeating: 0, count: program.counters)
        groupStarts = Array(repeating: Self.notInGroup, count: program.groups.count)
    }

    /// Handles `event` and runs the program to its next action.
    public mutating func handle<Host: FlowHost>(_ event: Event, now: Int64, program: FlowProgram, host: inout Host) -> Action {
        switch event {
        case .iterationStart:
            pc = 0
            status = 0
            waited = false
            // A group left open by an iteration cut short (the test stopping) is not a pass.
            for group in groupStarts.indices { groupStarts[group] = Self.notInGroup }
        case .responded(let status, let proceed):
            self.status = status
            if !proceed { skipRest(now: now, program: program, host: &host) }
        case .notSent:
            status = 0
            waited = false
            skipRest(now: now, program: program, host: &host)
        case .timerFired:
            break
        }
        return run(now: now, program: program, host: &host)
    }

    private mutating func run<Host: FlowHost>(now: Int64, program: FlowProgram, host: inout Host) -> Action {
        var budget = Self.instructionBudget
        while budget > 0 {
            budget -= 1
            let instruction = program.instructions[pc]
            pc += 1
            switch instruction {
            case .request(let index):
                waited = true
                return .send(request: index)
            case .sleep(let think):
                let micros = think.micros(unit: host.randomUnit())
                if micros > 0 {
                    waited = true
                    return .sleep(micros: micros)
                }
            case .jump(let target):
                pc = target
            case .jumpUnless(let condition, let target):
                if !program.conditions[condition].holds(StatusValues(host: host, status: status)) { pc = target }
            case .random(let choice):
                let table = program.choices[choice]
                let total = table[table.count - 1].cumulativeWeight
                let draw = Int(host.randomUnit() * Double(total))
                pc = (table.first { draw < $0.cumulativeWeight } ?? table[table.count - 1]).target
            case .loopStart(let counter, let low, let high):
                counters[counter] = low == high ? low : low + Int(host.randomUnit() * Double(high - low + 1))
            case .loopCount(let counter, let exit):
                if counters[counter] <= 0 {
                    pc = exit
                } else {
                    counters[counter] -= 1
                }
            case .loopWhile(let counter, let condition, let max, let exit, let check):
                if !program.conditions[condition].holds(StatusValues(host: host, status: status)) {
                    host.loopEnded(check: check, passed: true)
                    pc = exit
                } else if counters[counter] >= max {
                    host.loopEnded(check: check, passed: false)
                    pc = exit
                } else {
                    counters[counter] += 1
                }
            case .groupEnter(let group):
                groupStarts[group] = now
            case .groupExit(let group):
                leave(group, now: now, host: &host)
            case .end:
                pc -= 1
                guard waited else {
                    waited = true
                    return .sleep(micros: Self.yieldMicros)
                }
                return .endIteration
            }
        }
        waited = true
        return .sleep(micros: Self.yieldMicros)
    }
}

extension VUMachine {
    /// Skips the rest of the iteration: the groups it is in end now (k6 times a group whose
    /// function threw up to the throw), innermost first.
    private mutating func skipRest<Host: FlowHost>(now: Int64, program: FlowProgram, host: inout Host) {
        pc = program.tail
        for group in groupStarts.indices.reversed() where groupStarts[group] != Self.notInGroup {
            leave(group, now: now, host: &host)
        }
    }

    private mutating func leave<Host: FlowHost>(_ group: Int, now: Int64, host: inout Host) {
        guard groupStarts[group] != Self.notInGroup else { return }
        host.groupEnded(group, micros: max(now - groupStarts[group], 0))
        groupStarts[group] = Self.notInGroup
    }
}

/// What a ``VUMachine`` reads and records outside itself.
public protocol FlowHost: FlowValues {
    /// A uniform random number in [0, 1).
    mutating func randomUnit() -> Double
    /// Group `group` of the program was left after `micros`.
    mutating func groupEnded(_ group: Int, micros: Int64)
    /// While loop check `check` (``FlowProgram/loopChecks``) ended: passed when its condition
    /// stopped it, failed when it reached its max.
    mutating func loopEnded(check: Int, passed: Bool)
}

/// A host's values, with `status` answered by the machine.
struct StatusValues<Host: FlowValues>: FlowValues {
    let host: Host
    let status: Int

    func value(of name: FlowName) -> String? {
        if case .status = name { return String(status) }
        return host.value(of: name)
    }
}
