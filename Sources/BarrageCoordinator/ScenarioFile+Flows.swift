import BarrageCore
import Yams

/// The step language of a scenario file: `flows:` (named step lists) and the top-level
/// `requests:` (the flow `default`), each step a request or one of ``Step/Kind``'s keys. Every
/// expression is compiled and every flow call resolved when the file loads, so a bad one is
/// `file:line: key: ...` and exit 2.
extension ScenarioFile {
    /// The keys of each step kind's mapping (a request's are ``RequestKey``).
    enum SleepStepKey: String, CaseIterable { case sleep }
    enum RandomStepKey: String, CaseIterable { case random }
    enum BranchKey: String, CaseIterable { case weight, steps, flow }
    enum IfStepKey: String, CaseIterable {
        case condition = "if"
        case steps
        case otherwise = "else"
    }
    enum LoopStepKey: String, CaseIterable { case loop, steps }
    enum LoopKey: String, CaseIterable {
        case count
        case whileTrue = "while"
        case max
    }
    enum GroupStepKey: String, CaseIterable { case group, steps }
    enum CallStepKey: String, CaseIterable { case flow }

    /// What parsing steps needs besides the node: how requests resolve, what names exist.
    struct FlowContext {
        var target: String?
        var defaultHeaders: [HTTPHeader]
        var baseDirectory: String
        /// Templates may use every name any step extracts (flows run in any order, and
        /// `scope: vu` values outlive their iteration).
        var scope: TemplateScope
        /// Every flow's name, `default` included.
        var flowNames: Set<String>
    }

    /// `requests:` and `flows:`: the plain request list when the file uses nothing else, else
    /// every flow by name (`requests:` as `default`).
    static func workload(
        requests requestsNode: ScenarioNode?, flows flowsNode: ScenarioNode?, root: ScenarioMapping, context base: FlowContext
    ) throws(ScenarioFileError) -> (requests: [RequestSpec], flows: [String: [Step]]) {
        var context = base
        let flowEntries = try flowsNode?.mapping("a mapping of flow names to lists of steps").entries ?? []
        guard flowEntries.count <= FlowLimits.maxFlows else {
            throw (flowsNode ?? root.node).error("expected at most \(FlowLimits.maxFlows) flows, got \(flowEntries.count)")
        }
        context.flowNames = Set(flowEntries.map(\.key))
        if requestsNode != nil {
            if let clash = flowEntries.first(where: { $0.key == RunSpec.defaultFlow }) {
                throw clash.value.error("'\(RunSpec.defaultFlow)' is the top-level requests: list: name this flow otherwise")
            }
            context.flowNames.insert(RunSpec.defaultFlow)
        }
        for rootNode in [requestsNode, flowsNode].compactMap({ $0 }) {
            context.scope.names.extracted.formUnion(extractedNames(rootNode.node))
        }
        var flows: [String: [Step]] = [:]
        var nodes: [String: ScenarioNode] = [:]
        for entry in flowEntries {
            guard !entry.key.isEmpty, entry.key.utf8.count <= FlowLimits.maxNameBytes, isVariableName(entry.key) else {
                throw entry.value.error("invalid flow name '\(entry.key)': expected letters, digits and _ (at most \(FlowLimits.maxNameBytes) bytes)")
            }
            flows[entry.key] = try steps(entry.value, flow: entry.key, context: context)
            nodes[entry.key] = entry.value
        }
        var plain: [RequestSpec] = []
        if let requestsNode {
            let steps = try steps(requestsNode, flow: RunSpec.defaultFlow, context: context)
            guard !steps.isEmpty else { throw requestsNode.error("expected at least one request, e.g. [{path: /api/posts/}]") }
            flows[RunSpec.defaultFlow] = steps
            nodes[RunSpec.defaultFlow] = requestsNode
            plain = steps.compactMap { step in
                if case .request(let request) = step { return request }
                return nil
            }
            if flowsNode == nil, plain.count == steps.count { return (plain, [:]) }
        }
        // Whole flows: cycles, depth, size and groups, reported at the flow.
        let names = TemplateNames(dataColumns: context.scope.names.dataColumns, extracted: context.scope.names.extracted)
        for name in flows.keys.sorted() {
            do {
                _ = try FlowCompiler.compile(name, flows: flows, names: names, setupNames: context.scope.setupNames)
            } catch {
                throw (nodes[name] ?? root.node).error(error.description)
            }
        }
        return (plain, flows)
    }

    /// A list of steps; request names are unique within the flow.
    static func steps(_ node: ScenarioNode, flow: String, context: FlowContext) throws(ScenarioFileError) -> [Step] {
        var seen: [String: ScenarioNode] = [:]
        let steps = try steps(node, flow: flow, context: context, seen: &seen, depth: 0)
        guard FlowCompiler.stepCount(steps) <= FlowLimits.maxStepsPerFlow else {
            throw node.error("flow '\(flow)' has more than \(FlowLimits.maxStepsPerFlow) steps")
        }
        return steps
    }

    private static func steps(
        _ node: ScenarioNode, flow: String, context: FlowContext, seen: inout [String: ScenarioNode], depth: Int
    ) throws(ScenarioFileError) -> [Step] {
        guard depth <= FlowLimits.maxDepth else { throw node.error("steps nest more than \(FlowLimits.maxDepth) levels deep") }
        var steps: [Step] = []
        for item in try node.sequence("a list of steps, e.g. [{path: /}, {sleep: 1s}]") {
            steps.append(try step(item, flow: flow, context: context, seen: &seen, depth: depth))
        }
        return steps
    }

    private static func step(
        _ node: ScenarioNode, flow: String, context: FlowContext, seen: inout [String: ScenarioNode], depth: Int
    ) throws(ScenarioFileError) -> Step {
        let fields = try node.mapping("a request ({path: /}) or a step ({sleep: 1s}, {random: ...}, {if: ...}, {loop: ...}, {group: ...}, {flow: name})")
        func nested(_ key: some RawRepresentable<String>) throws(ScenarioFileError) -> [Step] {
            guard let child = fields[key] else { return [] }
            return try steps(child, flow: flow, context: context, seen: &seen, depth: depth + 1)
        }
        if fields[RequestKey.path] != nil || fields[RequestKey.url] != nil {
            let (request, nameNode) = try self.request(
                node, target: context.target, defaultHeaders: context.defaultHeaders, baseDirectory: context.baseDirectory,
                scope: context.scope)
            if let first = seen[request.name] {
                let firstLine = first.line.map { ", line \($0)" } ?? ""
                throw (nameNode ?? node).error(
                    "duplicate request name '\(request.name)' (also \(first.path)\(firstLine)): names must be unique, set name: on each")
            }
            seen[request.name] = node
            return .request(request)
        }
        let kinds = Step.Kind.allCases.filter { $0 != .request && fields[$0.rawValue] != nil }
        guard kinds.count == 1, let kind = kinds.first else {
            let listed = Step.Kind.allCases.filter { $0 != .request }.map(\.rawValue).joined(separator: ", ")
            throw node.error(kinds.isEmpty
                ? "missing 'path' or 'url': expected a request (path: or url:) or a step with one of \(listed)"
                : "'\(kinds[0].rawValue)' and '\(kinds[1].rawValue)' are two steps: put each in its own list item")
        }
        switch kind {
        case .request:
            throw node.error("a request needs path: or url:")
        case .sleep:
            try fields.rejectUnknownKeys(of: SleepStepKey.self)
            return .sleep(try fields.required("sleep", "a think time").thinkTime())
        case .random:
            try fields.rejectUnknownKeys(of: RandomStepKey.self)
            let listNode = try fields.required("random", "a list of {weight, steps} or {weight, flow}")
            let items = try listNode.sequence("a list of {weight, steps} or {weight, flow}")
            guard (1...FlowLimits.maxBranches).contains(items.count) else {
                throw listNode.error("expected 1 to \(FlowLimits.maxBranches) branches, got \(items.count)")
            }
            var branches: [WeightedBranch] = []
            for item in items {
                let branch = try item.mapping("a branch {weight: 70, steps: [...]} or {weight: 30, flow: name}")
                try branch.rejectUnknownKeys(of: BranchKey.self)
                let weightNode = try branch.required("weight", "a whole number from 0 to \(FlowLimits.weights.upperBound)")
                let weight = try weightNode.wholeNumber(minimum: 0)
                guard FlowLimits.weights.contains(weight) else {
                    throw weightNode.error("expected a weight from 0 to \(FlowLimits.weights.upperBound), got \(weightNode.kind)")
                }
                let steps: [Step]
                switch try branch.oneOf([BranchKey.steps.rawValue, BranchKey.flow.rawValue]) {
                case (BranchKey.flow.rawValue, let callNode)?: steps = [try call(callNode, context: context)]
                case (_, let stepsNode)?: steps = try self.steps(stepsNode, flow: flow, context: context, seen: &seen, depth: depth + 1)
                case nil: throw item.error("a branch needs steps: or flow:")
                }
                branches.append(WeightedBranch(weight: weight, steps: steps))
            }
            guard branches.contains(where: { $0.weight > 0 }) else {
                throw listNode.error("every branch has weight 0: at least one must be above 0")
            }
            return .random(branches)
        case .condition:
            try fields.rejectUnknownKeys(of: IfStepKey.self)
            let expressionNode = try fields.required(IfStepKey.condition.rawValue, "an expression such as \"status == 200\"")
            let text = try expression(expressionNode, context: context)
            return .condition(Condition(expression: text, then: try nested(IfStepKey.steps), otherwise: try nested(IfStepKey.otherwise)))
        case .loop:
            try fields.rejectUnknownKeys(of: LoopStepKey.self)
            let boundNode = try fields.required("loop", "{count: 3}, {count: 2..5} or {while: EXPR, max: 20}")
            return .loop(FlowLoop(bound: try loopBound(boundNode, context: context), steps: try nested(LoopStepKey.steps)))
        case .group:
            try fields.rejectUnknownKeys(of: GroupStepKey.self)
            let nameNode = try fields.required("group", "a group name")
            let name = try nameNode.string("a group name")
            guard name.utf8.count <= FlowLimits.maxNameBytes, !name.contains("::") else {
                throw nameNode.error("expected a group name of at most \(FlowLimits.maxNameBytes) bytes without '::'")
            }
            return .group(FlowGroup(name: name, steps: try nested(GroupStepKey.steps)))
        case .call:
            try fields.rejectUnknownKeys(of: CallStepKey.self)
            return try call(try fields.required("flow", "a flow name"), context: context)
        }
    }

    /// `flow: name`, which must name a flow of the file.
    private static func call(_ node: ScenarioNode, context: FlowContext) throws(ScenarioFileError) -> Step {
        let name = try node.string("a flow name")
        guard context.flowNames.contains(name) else {
            let known = context.flowNames.sorted().joined(separator: ", ")
            throw node.error("unknown flow \(ScenarioNode.quoted(name)): expected one of \(known.isEmpty ? "(no flows)" : known)")
        }
        return .call(name)
    }

    /// An `if:` or `while:` expression, compiled now against the file's names.
    private static func expression(_ node: ScenarioNode, context: FlowContext) throws(ScenarioFileError) -> String {
        let text = try node.scalar("an expression such as \"status == 200\"")
        do {
            _ = try FlowExpressionParser.parse(text, names: context.scope.names, setupNames: context.scope.setupNames)
        } catch {
            throw node.error(error.description)
        }
        return text
    }

    /// `{count: 3}`, `{count: 2..5}` or `{while: EXPR, max: 20}`.
    private static func loopBound(_ node: ScenarioNode, context: FlowContext) throws(ScenarioFileError) -> FlowLoop.Bound {
        let fields = try node.mapping("{count: 3}, {count: 2..5} or {while: EXPR, max: 20}")
        try fields.rejectUnknownKeys(of: LoopKey.self)
        let limit = FlowLimits.loopCounts.upperBound
        switch try fields.oneOf([LoopKey.count.rawValue, LoopKey.whileTrue.rawValue]) {
        case (LoopKey.count.rawValue, let countNode)?:
            if let max = fields[LoopKey.max] { throw max.error("max goes with while:; a counted loop runs its count") }
            let text = try countNode.scalar("a count such as 3 or 2..5")
            let parts = text.split(separator: "..", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard (1...2).contains(parts.count), let low = parts.first ?? nil, let high = parts.last ?? nil,
                  0 <= low, low <= high, high <= limit else {
                throw countNode.error("expected a count from 0 to \(limit) or a range such as 2..5, got \(countNode.kind)")
            }
            return .count(min: low, max: high)
        case (_, let whileNode)?:
            let text = try expression(whileNode, context: context)
            let maxNode = try fields.required(LoopKey.max.rawValue, "the most passes, e.g. max: 20 (a while loop needs one)")
            let max = try maxNode.wholeNumber(minimum: 1)
            guard max <= limit else { throw maxNode.error("expected at most \(limit) passes, got \(maxNode.kind)") }
            return .whileTrue(expression: text, max: max)
        case nil:
            throw node.error("expected count: or while:")
        }
    }

    /// Every name under an `extract:` mapping anywhere below `node` (a YAML tree bounded by
    /// ``YAMLLimits``).
    static func extractedNames(_ node: Node) -> Set<String> {
        var names: Set<String> = []
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                if key.string == RequestKey.extract.rawValue, case .mapping(let extracted) = value {
                    for name in extracted.keys { if let text = name.string { names.insert(text) } }
                }
                names.formUnion(extractedNames(value))
            }
        case .sequence(let sequence):
            for item in sequence { names.formUnion(extractedNames(item)) }
        case .scalar, .alias:
            break
        }
        return names
    }

    /// The tags every request already carries.
    static let builtInTags: Set<String> = ["name", "method", "status", "group", "scenario", "url", "check"]

    /// A request's flow keys: `timeout`, `tags` and `expectedStatuses`.
    static func flowRequestFields(_ fields: ScenarioMapping, into request: inout RequestSpec) throws(ScenarioFileError) {
        request.timeoutMicros = try fields[RequestKey.timeout]?.durationMicros(minimumMicros: 1_000)
        if let tagsNode = fields[RequestKey.tags] {
            var tags: [HTTPHeader] = []
            for entry in try tagsNode.mapping("a mapping of tag names to values, e.g. {kind: write}").entries {
                let value = try entry.value.string("a tag value")
                guard isVariableName(entry.key), !builtInTags.contains(entry.key) else {
                    throw entry.value.error("invalid tag name '\(entry.key)': expected letters, digits and _, not a built-in tag (\(builtInTags.sorted().joined(separator: ", ")))")
                }
                guard value.utf8.count <= RunSpec.Limits.maxNameBytes, !value.contains(where: \.isNewline) else {
                    throw entry.value.error("expected a tag value of at most \(RunSpec.Limits.maxNameBytes) bytes on one line")
                }
                tags.append(HTTPHeader(name: entry.key, value: value))
            }
            request.tags = tags.isEmpty ? nil : tags.sorted { $0.name < $1.name }
        }
        if let expectedNode = fields[RequestKey.expectedStatuses] { request.expectedStatuses = try statuses(expectedNode) }
    }

    /// A request's flow checks: `json: {"$.state": pending}` and `bodyNotContains`.
    static func flowChecks(_ fields: ScenarioMapping, into checks: inout RequestChecks) throws(ScenarioFileError) {
        if let notNode = fields[CheckKey.bodyNotContains] {
            for item in try notNode.oneOrMany("a string or a list of strings the body must not contain") {
                checks.bodyNotContains.append(try item.string("a non-empty string the body must not contain"))
            }
        }
        if let jsonNode = fields[CheckKey.json] {
            for entry in try jsonNode.mapping("a mapping of JSONPaths to values, e.g. {\"$.state\": pending}").entries {
                do {
                    _ = try JSONPath(entry.key)
                } catch {
                    throw entry.value.error(error.description)
                }
                checks.json.append(RequestChecks.JSONCheck(path: entry.key, value: try entry.value.scalar("the value expected at \(entry.key)")))
            }
        }
    }

    /// `scope: iteration | vu` of an extraction (default iteration).
    static func extractionScope(_ node: ScenarioNode?) throws(ScenarioFileError) -> Extraction.Scope {
        guard let node else { return .iteration }
        let text = try node.string("iteration or vu")
        guard let scope = Extraction.Scope(rawValue: text) else { throw node.error("expected iteration or vu, got \(node.kind)") }
        return scope
    }
}
