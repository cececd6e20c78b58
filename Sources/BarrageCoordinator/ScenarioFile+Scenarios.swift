import BarrageCore

/// The `scenarios:` mapping: any number of scenarios (up to ``RunSpec/ScenarioLimits/maxScenarios``),
/// run at the same time, each with k6's keys: the executor and its options, `exec`, `startTime`,
/// `gracefulStop`, `tags` and `env`.
extension ScenarioFile {
    /// The keys every scenario accepts besides its executor's own options.
    static let scenarioKeys = ["executor", "gracefulStop", "exec", "startTime", "tags", "env"]

    /// The scenarios, in file order, with k6's default `gracefulStop` where none is set.
    /// - Parameter flows: the flow names `exec:` may name.
    static func scenarios(_ node: ScenarioNode, flows: [String]) throws(ScenarioFileError) -> [ScenarioSpec] {
        let expected = "a mapping of scenario names to their executor options, e.g. {feed: {executor: constant-vus, vus: 10, duration: 30s}}"
        let mapping = try node.mapping(expected)
        guard !mapping.entries.isEmpty else {
            throw node.error("expected at least one scenario, got none, e.g. feed: {executor: constant-vus, vus: 10, duration: 30s}")
        }
        if mapping.entries.count > RunSpec.ScenarioLimits.maxScenarios {
            let extra = mapping.entries[RunSpec.ScenarioLimits.maxScenarios]
            throw ScenarioFileError(
                file: node.file, line: extra.keyLine, keyPath: extra.value.path,
                message: "at most \(RunSpec.ScenarioLimits.maxScenarios) scenarios are accepted, got \(mapping.entries.count)")
        }
        var scenarios: [ScenarioSpec] = []
        for entry in mapping.entries {
            guard !entry.key.isEmpty, entry.key.utf8.count <= RunSpec.Limits.maxNameBytes, !PeerText.hasControlCharacter(entry.key) else {
                throw entry.value.error("a scenario needs a name of 1 to \(RunSpec.Limits.maxNameBytes) bytes without control characters")
            }
            scenarios.append(try scenario(entry.key, entry.value, flows: flows))
        }
        return scenarios
    }

    /// One scenario: its executor (``executor(_:)``) and the keys around it.
    static func scenario(_ name: String, _ node: ScenarioNode, flows: [String]) throws(ScenarioFileError) -> ScenarioSpec {
        let (executor, gracefulStop) = try Self.executor(node)
        let options = try node.mapping()
        var scenario = ScenarioSpec(
            name: name, executor: executor, gracefulStopMicros: gracefulStop ?? WorkloadFlags.defaultGracefulStopMicros)
        if let execNode = options["exec"] {
            let exec = try execNode.string("the name of a flow")
            guard flows.contains(exec) else {
                throw execNode.error("unknown flow '\(exec)': expected one of \(flows.joined(separator: ", ")) (top-level `requests:` is the flow `\(ScenarioSpec.defaultFlow)`)")
            }
            scenario.exec = exec
        }
        scenario.startTimeMicros = try options["startTime"]?.durationMicros() ?? 0
        if let tagsNode = options["tags"] {
            scenario.tags = try pairs(tagsNode, what: "tag")
            // Built-in tags are the engine's (`scenario` is the scenario's name): a threshold on
            // one must mean one thing.
            if let builtIn = scenario.tags.keys.sorted().first(where: builtInTags.contains) {
                let at = try tagsNode.mapping()[builtIn] ?? tagsNode
                throw at.error("invalid tag name '\(builtIn)': a built-in tag (\(builtInTags.sorted().joined(separator: ", ")))")
            }
        }
        scenario.env = try options["env"].map { node throws(ScenarioFileError) in try pairs(node, what: "environment variable") } ?? [:]
        return scenario
    }

    /// `tags:` or `env:`: a mapping of names to texts.
    static func pairs(_ node: ScenarioNode, what: String) throws(ScenarioFileError) -> [String: String] {
        let mapping = try node.mapping("a mapping of \(what) names to values, e.g. {REGION: eu}")
        guard mapping.entries.count <= RunSpec.ScenarioLimits.maxPairs else {
            throw node.error("at most \(RunSpec.ScenarioLimits.maxPairs) entries are accepted, got \(mapping.entries.count)")
        }
        var pairs: [String: String] = [:]
        for entry in mapping.entries {
            guard isVariableName(entry.key) || entry.key == "env" else {
                throw entry.value.error("invalid \(what) name '\(entry.key)': expected letters, digits and _ (not starting with a digit)")
            }
            let value = try entry.value.scalar("a text value")
            guard value.utf8.count <= RunSpec.Limits.maxValueBytes, !PeerText.hasControlCharacter(value) else {
                throw entry.value.error("expected at most \(RunSpec.Limits.maxValueBytes) bytes without control characters")
            }
            pairs[entry.key] = value
        }
        return pairs
    }

    /// The names some scenario's `env:` sets: `${env.NAME}` of those is filled in per scenario by
    /// the agents, not here.
    static func scenarioEnvironmentNames(_ scenarios: [ScenarioSpec]) -> Set<String> {
        Set(scenarios.flatMap(\.env.keys))
    }

    /// Completes each scenario's `env:` with the coordinator's value of every per-scenario name
    /// its requests use and it does not set itself; a name set nowhere is an error at the scenario.
    static func completeEnvironments(
        _ scenarios: inout [ScenarioSpec], requests: [RequestSpec], environment: [String: String], at node: ScenarioNode
    ) throws(ScenarioFileError) {
        let deferred = scenarioEnvironmentNames(scenarios)
        guard !deferred.isEmpty else { return }
        var used: [String] = []
        for text in requests.flatMap(\.templatedTexts) {
            for name in Template.environmentNames(in: text) where deferred.contains(name) && !used.contains(name) { used.append(name) }
        }
        for index in scenarios.indices {
            for name in used where scenarios[index].env[name] == nil {
                guard let value = environment[name] else {
                    let at = try node.mapping()[scenarios[index].name] ?? node
                    throw at.error("its requests use '${env.\(name)}', which neither its `env:` nor the environment sets")
                }
                scenarios[index].env[name] = value
            }
        }
    }
}
