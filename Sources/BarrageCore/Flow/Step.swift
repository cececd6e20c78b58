/// One step of a flow (`flows:` or the top-level `requests:`, which is the flow `default`): what a
/// VU does next in an iteration. Steps nest (a branch, a loop or a group holds steps of its own),
/// and ``FlowCompiler`` turns a flow into a flat ``FlowProgram`` once per run.
///
/// A new step kind is one new case here and in ``Kind``: every switch over steps has no `default:`
/// arm, so the compiler names each place that must handle it.
public indirect enum Step: Sendable, Equatable {
    /// Send a request and wait for its response.
    case request(RequestSpec)
    /// Pause, fixed or uniform over a range.
    case sleep(ThinkTime)
    /// Run one branch, picked by weight.
    case random([WeightedBranch])
    /// `if:` / `else:`.
    case condition(Condition)
    /// `loop:` a counted number of passes, or while an expression holds (up to a maximum).
    case loop(FlowLoop)
    /// `group:` its steps, timed as `group_duration{group:::name}`, their requests tagged with it.
    case group(FlowGroup)
    /// `flow: name`: the named flow's steps, here.
    case call(String)

    /// The step kinds by their key (in YAML and on the wire): one list drives both.
    public enum Kind: String, CaseIterable, Sendable, CodingKey {
        case request, sleep, random
        case condition = "if"
        case loop, group
        case call = "flow"
    }

    public var kind: Kind {
        switch self {
        case .request: return .request
        case .sleep: return .sleep
        case .random: return .random
        case .condition: return .condition
        case .loop: return .loop
        case .group: return .group
        case .call: return .call
        }
    }

    /// The steps nested directly in this one (empty for requests, sleeps and calls).
    public var children: [[Step]] {
        switch self {
        case .request, .sleep, .call: return []
        case .random(let branches): return branches.map(\.steps)
        case .condition(let condition): return [condition.then, condition.otherwise]
        case .loop(let loop): return [loop.steps]
        case .group(let group): return [group.steps]
        }
    }
}

extension Step {
    /// This step with `change` applied to every request in it, nested ones included.
    public func mappingRequests(_ change: (inout RequestSpec) -> Void) -> Step {
        func all(_ steps: [Step]) -> [Step] { steps.map { $0.mappingRequests(change) } }
        switch self {
        case .request(var request):
            change(&request)
            return .request(request)
        case .sleep, .call: return self
        case .random(let branches): return .random(branches.map { WeightedBranch(weight: $0.weight, steps: all($0.steps)) })
        case .condition(let condition):
            return .condition(Condition(expression: condition.expression, then: all(condition.then), otherwise: all(condition.otherwise)))
        case .loop(let loop): return .loop(FlowLoop(bound: loop.bound, steps: all(loop.steps)))
        case .group(let group): return .group(FlowGroup(name: group.name, steps: all(group.steps)))
        }
    }

    /// Every request in `steps`, nested ones included, in order.
    public static func requests(in steps: [Step]) -> [RequestSpec] {
        steps.flatMap { step -> [RequestSpec] in
            if case .request(let request) = step { return [request] }
            return step.children.flatMap { requests(in: $0) }
        }
    }
}

/// One branch of a `random:` step.
public struct WeightedBranch: Codable, Sendable, Equatable {
    /// Relative weight, >= 0; a branch of weight 0 is never taken.
    public var weight: Int
    public var steps: [Step]

    public init(weight: Int, steps: [Step]) {
        self.weight = weight
        self.steps = steps
    }
}

/// An `if:` step: `then` when the expression holds, `otherwise` (`else:`) when not.
public struct Condition: Codable, Sendable, Equatable {
    /// The expression's source (``FlowExpression`` syntax), compiled where the flow is.
    public var expression: String
    public var then: [Step]
    public var otherwise: [Step]

    public init(expression: String, then: [Step], otherwise: [Step] = []) {
        self.expression = expression
        self.then = then
        self.otherwise = otherwise
    }

    enum CodingKeys: String, CodingKey {
        case expression
        case then
        case otherwise = "else"
    }
}

/// A `loop:` step: `{count: N}`, `{count: a..b}` (uniform, drawn at each entry) or
/// `{while: EXPR, max: N}` (checked before each pass; reaching `max` ends the loop and counts a
/// failed check).
public struct FlowLoop: Codable, Sendable, Equatable {
    public enum Bound: Sendable, Equatable {
        case count(min: Int, max: Int)
        case whileTrue(expression: String, max: Int)
    }

    public var bound: Bound
    public var steps: [Step]

    public init(bound: Bound, steps: [Step]) {
        self.bound = bound
        self.steps = steps
    }

    enum CodingKeys: String, CodingKey {
        case countMin = "count_min"
        case countMax = "count_max"
        case whileTrue = "while"
        case max, steps
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        steps = try c.decode([Step].self, forKey: .steps)
        if let expression = try c.decodeIfPresent(String.self, forKey: .whileTrue) {
            bound = .whileTrue(expression: expression, max: try c.decode(Int.self, forKey: .max))
        } else {
            bound = .count(min: try c.decode(Int.self, forKey: .countMin), max: try c.decode(Int.self, forKey: .countMax))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch bound {
        case .count(let low, let high):
            try c.encode(low, forKey: .countMin)
            try c.encode(high, forKey: .countMax)
        case .whileTrue(let expression, let max):
            try c.encode(expression, forKey: .whileTrue)
            try c.encode(max, forKey: .max)
        }
        try c.encode(steps, forKey: .steps)
    }
}

/// A `group:` step: its name (one level of the path `::a::b`) and its steps.
public struct FlowGroup: Codable, Sendable, Equatable {
    public var name: String
    public var steps: [Step]

    public init(name: String, steps: [Step]) {
        self.name = name
        self.steps = steps
    }
}

/// On the wire a step is an object with exactly one key, its ``Step/Kind``:
/// `{"request": {...}}`, `{"sleep": {"fixed_micros": 1000}}`, `{"flow": "search"}`, ...
extension Step: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Kind.self)
        guard c.allKeys.count == 1, let kind = c.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath,
                debugDescription: "a step has exactly one key of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        switch kind {
        case .request: self = .request(try c.decode(RequestSpec.self, forKey: kind))
        case .sleep: self = .sleep(try c.decode(ThinkTime.self, forKey: kind))
        case .random: self = .random(try c.decode([WeightedBranch].self, forKey: kind))
        case .condition: self = .condition(try c.decode(Condition.self, forKey: kind))
        case .loop: self = .loop(try c.decode(FlowLoop.self, forKey: kind))
        case .group: self = .group(try c.decode(FlowGroup.self, forKey: kind))
        case .call: self = .call(try c.decode(String.self, forKey: kind))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Kind.self)
        switch self {
        case .request(let request): try c.encode(request, forKey: kind)
        case .sleep(let think): try c.encode(think, forKey: kind)
        case .random(let branches): try c.encode(branches, forKey: kind)
        case .condition(let condition): try c.encode(condition, forKey: kind)
        case .loop(let loop): try c.encode(loop, forKey: kind)
        case .group(let group): try c.encode(group, forKey: kind)
        case .call(let name): try c.encode(name, forKey: kind)
        }
    }
}
