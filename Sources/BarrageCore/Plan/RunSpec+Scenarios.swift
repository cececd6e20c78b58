/// Several scenarios in one test (`prepare.spec.scenarios`): their totals, their checks, and the
/// one-scenario spec each scenario's event loops run.
extension RunSpec {
    /// Bounds on `spec.scenarios` (docs/PROTOCOL.md, "Field ranges").
    public enum ScenarioLimits {
        /// Scenarios in one test.
        public static let maxScenarios = 100
        /// Tags or env values of one scenario.
        public static let maxPairs = 100
    }

    /// The test's scenarios: ``scenarios``, or the one that ``executor`` and ``segment`` describe
    /// (named ``ScenarioSpec/defaultFlow``, running the top-level requests).
    public var scenarioList: [ScenarioSpec] {
        scenarios ?? [ScenarioSpec(name: ScenarioSpec.defaultFlow, executor: executor, segment: segment, gracefulStopMicros: gracefulStopMicros)]
    }

    /// The sum of the scenarios' most VUs (saturating).
    static func totalVUs(_ scenarios: [ScenarioSpec]) -> Int {
        scenarios.reduce(0) { $0.addingSaturating($1.executor.maxVUs) }
    }

    /// When the last scenario's window ends, µs from the test's start.
    static func lastEndMicros(_ scenarios: [ScenarioSpec]) -> Int64 {
        scenarios.map(\.endMicros).max() ?? 0
    }

    /// The latest instant the test can still be running, µs from its start: the last end of a
    /// scenario's window plus its graceful stop.
    public var hardEndMicros: Int64 {
        guard let scenarios else { return durationMicros.addingSaturating(gracefulStopMicros) }
        return scenarios.map { $0.endMicros.addingSaturating($0.gracefulStopMicros) }.max() ?? 0
    }

    /// The spec with this agent's segment: the same segment of every scenario, so each scenario
    /// is split across the agents exactly as a one-scenario test is (ExecutionSegment).
    public func withSegment(_ segment: ExecutionSegment) -> RunSpec {
        var spec = self
        spec.segment = segment
        if let scenarios { spec.scenarios = scenarios.map { scenario in
            var scenario = scenario
            scenario.segment = segment
            return scenario
        } }
        return spec
    }

    /// The requests of the flow `name` runs, or nil for a flow this spec does not have
    /// (``ScenarioSpec/defaultFlow`` is the top-level requests unless `flows` names it).
    public func flowRequests(_ name: String) -> [RequestSpec]? {
        guard flows != nil else { return name == ScenarioSpec.defaultFlow ? iterationRequests : nil }
        return allFlows[name].map { Step.requests(in: $0) }
    }

    /// The one-scenario spec that `scenario`'s event loops run: its executor, segment and graceful
    /// stop, its flow's requests with its own `${env.NAME}` values filled in.
    /// - Throws: ``SpecError`` for an unknown flow or a template its env cannot fill.
    public func running(_ scenario: ScenarioSpec) throws(SpecError) -> RunSpec {
        guard let requests = flowRequests(scenario.exec) else {
            throw SpecError(field: "spec.scenarios.\(scenario.name).exec", problem: "no flow named '\(PeerText.escape(scenario.exec, limit: 80))'")
        }
        var spec = self
        spec.scenarios = nil
        if flows != nil, scenario.exec != ScenarioSpec.defaultFlow {
            // Its loops run `default`: here, a call of the scenario's flow (inlined when compiled).
            var all = allFlows
            all[ScenarioSpec.defaultFlow] = [.call(scenario.exec)]
            spec.flows = all
        }
        spec.executor = scenario.executor
        spec.segment = scenario.segment
        spec.gracefulStopMicros = scenario.gracefulStopMicros
        guard !scenario.env.isEmpty else {
            spec.requests = requests
            return spec
        }
        do {
            spec.requests = try requests.map { request throws(TemplateError) in try request.substitutingEnvironment(scenario.env) }
        } catch {
            throw SpecError(field: "spec.scenarios.\(scenario.name).env", problem: error.description)
        }
        // Every flow's requests (a flow may call others), as the top-level ones: the first text
        // the env cannot fill is the error.
        var failure: TemplateError?
        spec.flows = spec.flows?.mapValues { steps in
            steps.map { step in
                step.mappingRequests { request in
                    guard failure == nil else { return }
                    do throws(TemplateError) { request = try request.substitutingEnvironment(scenario.env) } catch { failure = error }
                }
            }
        }
        if let failure { throw SpecError(field: "spec.scenarios.\(scenario.name).env", problem: failure.description) }
        return spec
    }

    /// Checks `spec.scenarios`: their count, names, flows, windows, tags and env.
    /// - Throws: ``SpecError`` naming the scenario's field, the value and the range.
    func validateScenarios(_ scenarios: [ScenarioSpec]) throws(SpecError) {
        try SpecError.check("spec.scenarios (count)", scenarios.count, in: 1...ScenarioLimits.maxScenarios)
        if scenarios.count > 1, !(session?.data ?? []).isEmpty {
            throw SpecError(field: "spec.scenarios", problem: "data sets can be used with one scenario only")
        }
        var names: Set<String> = []
        for (index, scenario) in scenarios.enumerated() {
            let field = "spec.scenarios[\(index)]"
            try SpecError.checkText(field + ".name", scenario.name, maxLength: Limits.maxNameBytes)
            guard !scenario.name.isEmpty, names.insert(scenario.name).inserted else {
                throw SpecError(field: field + ".name", problem: "'\(PeerText.escape(scenario.name, limit: 80))' is empty or not unique")
            }
            try SpecError.checkText(field + ".exec", scenario.exec, maxLength: Limits.maxNameBytes)
            guard flowRequests(scenario.exec) != nil else {
                throw SpecError(field: field + ".exec", problem: "no flow named '\(PeerText.escape(scenario.exec, limit: 80))'")
            }
            try SpecError.check(field + ".start_time_micros", scenario.startTimeMicros, in: 0...Limits.maxDurationMicros)
            try SpecError.check(field + ".graceful_stop_micros", scenario.gracefulStopMicros, in: 0...Limits.maxDurationMicros)
            for (key, pairs) in [("tags", scenario.tags), ("env", scenario.env)] {
                try SpecError.check("\(field).\(key) (count)", pairs.count, in: 0...ScenarioLimits.maxPairs)
                for (name, value) in pairs {
                    try SpecError.checkText("\(field).\(key) name", name, maxLength: Limits.maxNameBytes)
                    try SpecError.checkText("\(field).\(key).\(PeerText.escape(name, limit: 40))", value, maxLength: Limits.maxValueBytes)
                }
            }
            do { try scenario.executor.validate(constantVUsMinimumMicros: ExecutorConfig.minimumCommandLineDurationMicros) } catch {
                throw SpecError(field: field + ".executor", problem: error.description)
            }
            do { _ = try ExecutionSegment(from: scenario.segment.from, to: scenario.segment.to, sequence: scenario.segment.sequence) } catch {
                throw SpecError(field: field + ".segment", problem: error.description)
            }
        }
    }

    /// Every check name an agent of this run may report, over every scenario's flow as that
    /// scenario's loops run it (a check's text may hold the scenario's `${env.NAME}`).
    var scenarioCheckNames: Set<String> {
        var names: Set<String> = []
        for scenario in scenarioList {
            let requests: [RequestSpec]
            do { requests = try running(scenario).iterationRequests } catch { requests = flowRequests(scenario.exec) ?? [] }
            for request in requests { names.formUnion(request.checkNames) }
        }
        return names
    }
}
