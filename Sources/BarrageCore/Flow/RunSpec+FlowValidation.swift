/// The range checks of a `prepare`'s flows and of the request fields flows brought (per-request
/// timeout, tags, expected statuses, JSON and body-not-contains checks): every cap of
/// ``FlowLimits``, then each flow compiled once, so cycles, unknown names and bad expressions are
/// refused before the engine allocates anything.
extension RunSpec {
    func validateFlows() throws(SpecError) {
        guard let flows else { return }
        try SpecError.check("spec.flows (count)", flows.count, in: 1...FlowLimits.maxFlows)
        for (name, steps) in flows.sorted(by: { $0.key < $1.key }) {
            let field = "spec.flows.\(PeerText.escape(name, limit: 40))"
            try SpecError.checkText(field + " (name)", name, maxLength: FlowLimits.maxNameBytes)
            guard !name.isEmpty else { throw SpecError(field: field, problem: "a flow needs a name") }
            try SpecError.check(field + " (steps)", FlowCompiler.stepCount(steps), in: 0...FlowLimits.maxStepsPerFlow)
            try checkSteps(field, steps)
        }
        try SpecError.check("spec.flows (requests)", iterationRequests.count, in: 1...Limits.maxRequests)
        for name in flowNames {
            do { _ = try program(flow: name) } catch { throw SpecError(field: "spec.flows.\(PeerText.escape(name, limit: 40))", problem: error.description) }
        }
    }

    private func checkSteps(_ field: String, _ steps: [Step]) throws(SpecError) {
        for (index, step) in steps.enumerated() {
            let at = "\(field)[\(index)].\(step.kind.rawValue)"
            switch step {
            case .request(let request): try Self.checkRequest(at, request)
            case .sleep(let think): try Self.checkThinkTime(at, think)
            case .random(let branches):
                try SpecError.check(at + " (count)", branches.count, in: 1...FlowLimits.maxBranches)
                for (position, branch) in branches.enumerated() {
                    try SpecError.check("\(at)[\(position)].weight", branch.weight, in: FlowLimits.weights)
                }
            case .condition(let condition):
                try SpecError.checkText(at + ".expression", condition.expression, maxLength: FlowExpressionParser.maximumBytes)
            case .loop(let loop):
                switch loop.bound {
                case .count(let low, let high):
                    try SpecError.check(at + ".count_min", low, in: FlowLimits.loopCounts)
                    try SpecError.check(at + ".count_max", high, in: low...FlowLimits.loopCounts.upperBound)
                case .whileTrue(let expression, let max):
                    try SpecError.checkText(at + ".while", expression, maxLength: FlowExpressionParser.maximumBytes)
                    try SpecError.check(at + ".max", max, in: 1...FlowLimits.loopCounts.upperBound)
                }
            case .group(let group): try SpecError.checkText(at + ".name", group.name, maxLength: FlowLimits.maxNameBytes)
            case .call(let name): try SpecError.checkText(at, name, maxLength: FlowLimits.maxNameBytes)
            }
            for (position, children) in step.children.enumerated() { try checkSteps("\(at)/\(position)", children) }
        }
    }

    static func checkFlowRequest(_ field: String, _ request: RequestSpec) throws(SpecError) {
        if let timeout = request.timeoutMicros { try SpecError.check(field + ".timeout_micros", timeout, in: Limits.timeoutMicros) }
        if let statuses = request.expectedStatuses { try checkStatuses(field + ".expected_statuses", statuses) }
        if let tags = request.tags {
            try SpecError.check(field + ".tags (count)", tags.count, in: 0...Limits.maxListItems)
            for (index, tag) in tags.enumerated() {
                try SpecError.checkText("\(field).tags[\(index)].name", tag.name, maxLength: Limits.maxNameBytes)
                try SpecError.checkText("\(field).tags[\(index)].value", tag.value, maxLength: Limits.maxNameBytes)
            }
        }
    }
}
