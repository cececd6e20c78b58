/// The flows of a ``RunSpec``: the named ones of ``RunSpec/flows`` plus `default`, which is
/// ``RunSpec/requests`` (or the command line's one GET) unless `flows` names one itself.
extension RunSpec {
    /// The flow a scenario without `exec:` runs.
    public static let defaultFlow = "default"

    /// Every flow by name, `default` included.
    public var allFlows: [String: [Step]] {
        var all = flows ?? [:]
        if all[Self.defaultFlow] == nil { all[Self.defaultFlow] = plainRequests.map(Step.request) }
        return all
    }

    /// The flow names in a stable order: `default` first, then by name.
    public var flowNames: [String] {
        [Self.defaultFlow] + allFlows.keys.filter { $0 != Self.defaultFlow }.sorted()
    }

    /// What `default` is without `flows`: the file's requests, or one GET of ``url`` checked
    /// against ``expectedStatuses``.
    var plainRequests: [RequestSpec] {
        requests ?? [RequestSpec(name: url, url: url, checks: RequestChecks(statuses: expectedStatuses))]
    }

    /// Every request step of every flow, in ``flowNames`` order then step order.
    var flowRequests: [RequestSpec] {
        guard flows != nil else { return plainRequests }
        let all = allFlows
        return flowNames.flatMap { Step.requests(in: all[$0] ?? []) }
    }

    /// The names of every while loop's max check (``FlowLoop/checkName(flow:)``).
    var loopCheckNames: [String] {
        guard let flows else { return [] }
        var names: [String] = []
        func visit(_ steps: [Step], flow: String) {
            for step in steps {
                if case .loop(let loop) = step, let name = loop.checkName(flow: flow) { names.append(name) }
                step.children.forEach { visit($0, flow: flow) }
            }
        }
        for (flow, steps) in flows { visit(steps, flow: flow) }
        return names
    }

    /// Flow `name` compiled for a VU.
    /// - Throws: ``FlowError`` (``validate()`` has compiled every flow already).
    public func program(flow name: String = defaultFlow) throws(FlowError) -> FlowProgram {
        try FlowCompiler.compile(
            name, flows: allFlows, iterationSleep: thinkTime, names: expressionNames, setupNames: setupNames)
    }

    /// The names expressions may use: the data sets' columns and every extracted name.
    public var expressionNames: TemplateNames {
        var columns: [String: [String]] = [:]
        for set in session?.data ?? [] { columns[set.name] = set.columns }
        return TemplateNames(dataColumns: columns, extracted: FlowCompiler.extractedNames(allFlows).all)
    }
}

extension Scenario {
    /// Every request of every flow, `default` first.
    public var flowRequests: [RequestSpec] {
        let names = [RunSpec.defaultFlow] + flows.keys.filter { $0 != RunSpec.defaultFlow }.sorted()
        return names.flatMap { Step.requests(in: flows[$0] ?? []) }
    }
}

extension FlowLoop {
    /// The check a while loop counts (failed when it reaches its max), or nil for a counted loop.
    public func checkName(flow: String) -> String? {
        guard case .whileTrue(let expression, let max) = bound else { return nil }
        return "\(flow): loop while \(expression) reached max \(max)"
    }
}
