/// Compiles one named flow of a test into a ``FlowProgram``: flow calls are inlined, loops and
/// branches become jumps, expressions are parsed, and every cap of ``FlowLimits`` is checked.
///
/// A request is one entry of the program's request table per place it can run from (its flow,
/// its position there, its group): the same request reached through two groups is tagged with
/// each group, so it is two entries.
public struct FlowCompiler {
    private let flows: [String: [Step]]
    private let names: TemplateNames
    private let setupNames: Set<String>
    private var program = FlowProgram()
    private var requestIndex: [RequestKey: Int] = [:]
    private var groupIndex: [String: Int] = [:]
    private var callStack: [String] = []

    private struct RequestKey: Hashable {
        var flow: String
        var ordinal: Int
        var group: Int?
    }

    /// Compiles `entry`.
    /// - Parameters:
    ///   - flows: every flow of the test by name (the top-level `requests:` is `default`).
    ///   - iterationSleep: think time at the end of each iteration (also after a skipped rest).
    ///   - names: what expressions may name (every name any flow extracts, and the data columns).
    ///   - setupNames: the names setup extracts.
    /// - Throws: ``FlowError`` for an unknown flow, a cycle, a cap exceeded or a bad expression.
    public static func compile(
        _ entry: String, flows: [String: [Step]], iterationSleep: ThinkTime = .none, names: TemplateNames,
        setupNames: Set<String> = []
    ) throws(FlowError) -> FlowProgram {
        var compiler = FlowCompiler(flows: flows, names: names, setupNames: setupNames)
        try compiler.call(entry, group: nil, groupPath: "", depth: 0)
        compiler.program.tail = compiler.program.instructions.count
        if iterationSleep != .none { compiler.emit(.sleep(iterationSleep)) }
        compiler.emit(.end)
        try compiler.checkSize()
        return compiler.program
    }

    /// Every name any step of `flows` extracts, and those kept for the VU's life.
    public static func extractedNames(_ flows: [String: [Step]]) -> (all: Set<String>, vuScoped: Set<String>) {
        var all: Set<String> = []
        var vuScoped: Set<String> = []
        func visit(_ steps: [Step]) {
            for step in steps {
                if case .request(let request) = step {
                    for extraction in request.extract ?? [] {
                        all.insert(extraction.name)
                        if extraction.scope == .vu { vuScoped.insert(extraction.name) }
                    }
                }
                step.children.forEach(visit)
            }
        }
        flows.values.forEach(visit)
        return (all, vuScoped)
    }

    /// Steps in `steps`, nested ones included.
    public static func stepCount(_ steps: [Step]) -> Int {
        steps.reduce(0) { $0 + 1 + $1.children.reduce(0) { $0 + stepCount($1) } }
    }

    private init(flows: [String: [Step]], names: TemplateNames, setupNames: Set<String>) {
        self.flows = flows
        self.names = names
        self.setupNames = setupNames
        program.vuScopedNames = Self.extractedNames(flows).vuScoped
    }

    private mutating func call(_ flow: String, group: Int?, groupPath: String, depth: Int) throws(FlowError) {
        guard let steps = flows[flow] else { throw .unknownFlow(flow, from: callStack.last) }
        guard !callStack.contains(flow) else { throw .cycle(callStack + [flow]) }
        callStack.append(flow)
        var ordinal = 0
        try compile(steps, flow: flow, group: group, groupPath: groupPath, depth: depth + 1, ordinal: &ordinal)
        callStack.removeLast()
    }

    private mutating func compile(
        _ steps: [Step], flow: String, group: Int?, groupPath: String, depth: Int, ordinal: inout Int
    ) throws(FlowError) {
        guard depth <= FlowLimits.maxDepth else { throw .tooDeep(flow) }
        try checkSize()
        for step in steps {
            switch step {
            case .request(let spec):
                let key = RequestKey(flow: flow, ordinal: ordinal, group: group)
                ordinal += 1
                let index = requestIndex[key] ?? program.requests.count
                if index == program.requests.count {
                    requestIndex[key] = index
                    program.requests.append(FlowProgram.Request(spec: spec, group: group))
                }
                emit(.request(index))
                if let sleep = spec.sleep, sleep != .none { emit(.sleep(sleep)) }
            case .sleep(let think):
                emit(.sleep(think))
            case .random(let branches):
                guard !branches.isEmpty, branches.count <= FlowLimits.maxBranches else { throw .branches(flow, branches.count) }
                for branch in branches where !FlowLimits.weights.contains(branch.weight) { throw .weight(flow, branch.weight) }
                guard branches.contains(where: { $0.weight > 0 }) else { throw .allWeightsZero(flow) }
                let choice = program.choices.count
                program.choices.append([])
                emit(.random(choice: choice))
                var exits: [Int] = []
                var total = 0
                var table: [FlowProgram.Choice] = []
                for branch in branches {
                    total += branch.weight
                    table.append(FlowProgram.Choice(cumulativeWeight: total, target: program.instructions.count))
                    try compile(branch.steps, flow: flow, group: group, groupPath: groupPath, depth: depth + 1, ordinal: &ordinal)
                    exits.append(emit(.jump(-1)))
                }
                program.choices[choice] = table
                for exit in exits { program.instructions[exit] = .jump(program.instructions.count) }
            case .condition(let condition):
                let test = try expression(condition.expression, flow: flow)
                let jump = emit(.jumpUnless(condition: test, target: -1))
                try compile(condition.then, flow: flow, group: group, groupPath: groupPath, depth: depth + 1, ordinal: &ordinal)
                let skipElse = condition.otherwise.isEmpty ? nil : emit(.jump(-1))
                program.instructions[jump] = .jumpUnless(condition: test, target: program.instructions.count)
                try compile(condition.otherwise, flow: flow, group: group, groupPath: groupPath, depth: depth + 1, ordinal: &ordinal)
                if let skipElse { program.instructions[skipElse] = .jump(program.instructions.count) }
            case .loop(let loop):
                let counter = program.counters
                program.counters += 1
                let head: Int
                switch loop.bound {
                case .count(let low, let high):
                    guard FlowLimits.loopCounts.contains(low), FlowLimits.loopCounts.contains(high), low <= high else {
                        throw .loopCount(flow, low, high)
                    }
                    emit(.loopStart(counter: counter, min: low, max: high))
                    head = emit(.loopCount(counter: counter, exit: -1))
                case .whileTrue(let text, let max):
                    guard FlowLimits.loopCounts.contains(max), max > 0 else { throw .loopCount(flow, max, max) }
                    let condition = try expression(text, flow: flow)
                    let check = program.loopChecks.count
                    program.loopChecks.append(loop.checkName(flow: flow) ?? "")
                    emit(.loopStart(counter: counter, min: 0, max: 0))
                    head = emit(.loopWhile(counter: counter, condition: condition, max: max, exit: -1, check: check))
                }
                try compile(loop.steps, flow: flow, group: group, groupPath: groupPath, depth: depth + 1, ordinal: &ordinal)
                emit(.jump(head))
                let exit = program.instructions.count
                switch program.instructions[head] {
                case .loopCount(let counter, _): program.instructions[head] = .loopCount(counter: counter, exit: exit)
                case .loopWhile(let counter, let condition, let max, _, let check):
                    program.instructions[head] = .loopWhile(counter: counter, condition: condition, max: max, exit: exit, check: check)
                case .request, .sleep, .jump, .jumpUnless, .random, .loopStart, .groupEnter, .groupExit, .end: break
                }
            case .group(let nested):
                guard !nested.name.isEmpty, nested.name.utf8.count <= FlowLimits.maxNameBytes, !nested.name.contains("::") else {
                    throw .groupName(flow, nested.name)
                }
                let path = groupPath + "::" + nested.name
                let index = groupIndex[path] ?? program.groups.count
                if index == program.groups.count {
                    guard index < FlowLimits.maxGroups else { throw .tooManyGroups }
                    groupIndex[path] = index
                    program.groups.append(path)
                }
                emit(.groupEnter(index))
                try compile(nested.steps, flow: flow, group: index, groupPath: path, depth: depth + 1, ordinal: &ordinal)
                emit(.groupExit(index))
            case .call(let callee):
                try call(callee, group: group, groupPath: groupPath, depth: depth)
            }
        }
    }

    private mutating func expression(_ text: String, flow: String) throws(FlowError) -> Int {
        do {
            program.conditions.append(try FlowExpressionParser.parse(text, names: names, setupNames: setupNames))
        } catch {
            throw .expression(flow, error)
        }
        return program.conditions.count - 1
    }

    @discardableResult
    private mutating func emit(_ instruction: FlowProgram.Instruction) -> Int {
        program.instructions.append(instruction)
        return program.instructions.count - 1
    }

    private func checkSize() throws(FlowError) {
        guard program.instructions.count <= FlowLimits.maxInstructions else { throw .tooLarge(callStack.first ?? "") }
    }
}

/// Why a flow does not compile.
public enum FlowError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownFlow(String, from: String?)
    case cycle([String])
    case tooDeep(String)
    case tooLarge(String)
    case branches(String, Int)
    case weight(String, Int)
    case allWeightsZero(String)
    case loopCount(String, Int, Int)
    case groupName(String, String)
    case tooManyGroups
    case expression(String, FlowExpressionError)

    public var description: String {
        switch self {
        case .unknownFlow(let name, let from):
            return "unknown flow '\(PeerText.escape(name, limit: 80))'" + (from.map { " (called from '\(PeerText.escape($0, limit: 80))')" } ?? "")
        case .cycle(let path):
            return "flows call each other in a cycle: " + path.map { PeerText.escape($0, limit: 40) }.joined(separator: " -> ")
        case .tooDeep(let flow):
            return "flow '\(PeerText.escape(flow, limit: 80))' nests steps and flow calls more than \(FlowLimits.maxDepth) levels deep"
        case .tooLarge(let flow):
            return "flow '\(PeerText.escape(flow, limit: 80))' expands to more than \(FlowLimits.maxInstructions) steps (flow calls are counted at each call)"
        case .branches(let flow, let count):
            return "flow '\(PeerText.escape(flow, limit: 80))': a random step needs 1 to \(FlowLimits.maxBranches) branches, got \(count)"
        case .weight(let flow, let weight):
            return "flow '\(PeerText.escape(flow, limit: 80))': weight \(weight) is out of range, expected \(FlowLimits.weights.lowerBound)...\(FlowLimits.weights.upperBound)"
        case .allWeightsZero(let flow):
            return "flow '\(PeerText.escape(flow, limit: 80))': every branch of a random step has weight 0: at least one must be above 0"
        case .loopCount(let flow, let low, let high):
            return "flow '\(PeerText.escape(flow, limit: 80))': loop count \(low == high ? "\(low)" : "\(low)..\(high)") is out of range, expected \(FlowLimits.loopCounts.lowerBound)...\(FlowLimits.loopCounts.upperBound) (a while loop's max at least 1)"
        case .groupName(let flow, let name):
            return "flow '\(PeerText.escape(flow, limit: 80))': group name '\(PeerText.escape(name, limit: 80))' must be 1 to \(FlowLimits.maxNameBytes) bytes without '::'"
        case .tooManyGroups:
            return "more than \(FlowLimits.maxGroups) groups"
        case .expression(let flow, let error):
            return "flow '\(PeerText.escape(flow, limit: 80))': \(error.description)"
        }
    }
}
