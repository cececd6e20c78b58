/// One flow compiled for a VU: a flat list of instructions with jumps, the requests it sends
/// (each with its group), its conditions, weighted choices, groups and checks. Built once per
/// run by ``FlowCompiler``; ``VUMachine`` runs it.
///
/// A plain request list compiles to `request 0, request 1, ..., end`: running it costs one array
/// read per step, nothing more.
public struct FlowProgram: Sendable, Equatable {
    public enum Instruction: Sendable, Equatable {
        /// Send ``FlowProgram/requests``[i] and wait for its response.
        case request(Int)
        /// Pause (skipped when it draws 0).
        case sleep(ThinkTime)
        case jump(Int)
        /// Go on when condition `condition` holds, else jump to `target`.
        case jumpUnless(condition: Int, target: Int)
        /// Jump to one target of ``FlowProgram/choices``[choice], drawn by weight.
        case random(choice: Int)
        /// Sets loop counter `counter` to a count drawn from `min...max` (0 for while loops).
        case loopStart(counter: Int, min: Int, max: Int)
        /// A counted loop's head: exit when its counter is 0, else take one pass.
        case loopCount(counter: Int, exit: Int)
        /// A while loop's head: exit when the condition fails (check passed) or after `max`
        /// passes (check failed), else take one pass.
        case loopWhile(counter: Int, condition: Int, max: Int, exit: Int, check: Int)
        case groupEnter(Int)
        case groupExit(Int)
        /// The iteration is over.
        case end
    }

    /// One request the flow sends, in the group it is sent in.
    public struct Request: Sendable, Equatable {
        public var spec: RequestSpec
        /// Index into ``FlowProgram/groups``; nil outside any group.
        public var group: Int?
    }

    /// One target of a weighted choice: taken when the draw is below `cumulativeWeight`.
    public struct Choice: Sendable, Equatable {
        public var cumulativeWeight: Int
        public var target: Int
    }

    public internal(set) var instructions: [Instruction] = []
    public internal(set) var requests: [Request] = []
    public internal(set) var conditions: [FlowExpression] = []
    public internal(set) var choices: [[Choice]] = []
    /// Group paths in k6's form, `::checkout` or `::a::b`.
    public internal(set) var groups: [String] = []
    /// The names of the while loops' max checks, `<flow>: loop while ... reached max N`.
    public internal(set) var loopChecks: [String] = []
    /// Loop counters a VU keeps.
    public internal(set) var counters = 0
    /// Where a skipped iteration goes: the iteration's own think time, then `end`.
    public internal(set) var tail = 0
    /// Which flows' extractions keep their value for the VU's life (`scope: vu`).
    public internal(set) var vuScopedNames: Set<String> = []

    /// Every check of the flow in one order: each request's (``RequestSpec/checkNames``), then
    /// the loops'. The engine's counters are indexed by it and the summary names them by it.
    public var checks: CheckList {
        CheckList(requests: requests.map(\.spec), loopChecks: loopChecks)
    }
}

/// The names of a flow's checks, in the one order their counters use.
public struct CheckList: Sendable, Equatable {
    public let names: [String]
    /// Per request, the position of its first check.
    public let requestOffsets: [Int]
    /// The position of the first loop check.
    public let loopOffset: Int

    public init(requests: [RequestSpec], loopChecks: [String]) {
        var names: [String] = []
        var offsets: [Int] = []
        for request in requests {
            offsets.append(names.count)
            names += request.checkNames
        }
        requestOffsets = offsets
        loopOffset = names.count
        self.names = names + loopChecks
    }
}
