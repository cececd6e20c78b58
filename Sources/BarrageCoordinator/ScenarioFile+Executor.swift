import BarrageCore

extension ScenarioFile {
    /// k6's defaults: `gracefulRampDown` and `timeUnit`, and `maxDuration` of the iteration executors.
    static let defaultGracefulRampDownMicros: Int64 = 30_000_000
    static let defaultTimeUnitMicros: Int64 = 1_000_000
    static let defaultMaxDurationMicros: Int64 = 600_000_000

    /// One scenario's options: the executor with k6's option names and defaults, checked with
    /// ``ExecutorConfig/validate()``, and its `gracefulStop`.
    static func executor(_ node: ScenarioNode) throws(ScenarioFileError) -> (ExecutorConfig, gracefulStopMicros: Int64?) {
        let options = try node.mapping("a mapping of executor options, e.g. {executor: constant-vus, vus: 10, duration: 30s}")
        let executorNode = try options.required("executor", "one of \(ExecutorName.list)")
        let text = try executorNode.string("one of \(ExecutorName.list)")
        guard let name = ExecutorName(rawValue: text) else {
            throw executorNode.error("unknown '\(PeerText.escape(text, limit: 80))' (one of: \(ExecutorName.list))")
        }
        try options.rejectUnknownKeys(accepting: ["executor"] + name.optionKeys + scenarioKeys.filter { $0 != "executor" })
        let gracefulStop = try options["gracefulStop"]?.durationMicros()

        func count(_ key: String, default value: Int? = nil) throws(ScenarioFileError) -> Int {
            if let node = options[key] { return try node.wholeNumber() }
            if let value { return value }
            return try options.required(key, "a whole number >= 0").wholeNumber()
        }
        func micros(_ key: String, default value: Int64? = nil) throws(ScenarioFileError) -> Int64 {
            if let node = options[key] { return try node.durationMicros() }
            if let value { return value }
            return try options.required(key, "a duration such as 30s").durationMicros()
        }
        func stages() throws(ScenarioFileError) -> [Stage] {
            try Self.stages(options.required("stages", "a list of {duration, target}, e.g. [{duration: 30s, target: 100}]"))
        }

        let config: ExecutorConfig
        switch name {
        case .constantVUs:
            config = .constantVUs(vus: try count("vus", default: 1), durationMicros: try micros("duration"))
        case .rampingVUs:
            config = .rampingVUs(
                startVUs: try count("startVUs", default: 1), stages: try stages(),
                gracefulRampDownMicros: try micros("gracefulRampDown", default: defaultGracefulRampDownMicros))
        case .constantArrivalRate:
            let preAllocated = try count("preAllocatedVUs")
            config = .constantArrivalRate(
                rate: try count("rate"), timeUnitMicros: try micros("timeUnit", default: defaultTimeUnitMicros),
                durationMicros: try micros("duration"), preAllocatedVUs: preAllocated,
                maxVUs: try count("maxVUs", default: preAllocated))
        case .rampingArrivalRate:
            let preAllocated = try count("preAllocatedVUs")
            config = .rampingArrivalRate(
                startRate: try count("startRate", default: 0),
                timeUnitMicros: try micros("timeUnit", default: defaultTimeUnitMicros), stages: try stages(),
                preAllocatedVUs: preAllocated, maxVUs: try count("maxVUs", default: preAllocated))
        case .perVUIterations:
            config = .perVUIterations(
                vus: try count("vus", default: 1), iterations: try count("iterations", default: 1),
                maxDurationMicros: try micros("maxDuration", default: defaultMaxDurationMicros))
        case .sharedIterations:
            config = .sharedIterations(
                vus: try count("vus", default: 1), iterations: try count("iterations", default: 1),
                maxDurationMicros: try micros("maxDuration", default: defaultMaxDurationMicros))
        }

        do {
            try config.validate()
        } catch {
            // Point at the option at fault when the file sets it, else at the scenario.
            let at = optionKey(of: error).flatMap { options[$0] } ?? node
            throw at.error(error.description)
        }
        return (config, gracefulStop)
    }

    /// `stages: [{duration: 30s, target: 100}, ...]`.
    static func stages(_ node: ScenarioNode) throws(ScenarioFileError) -> [Stage] {
        let items = try node.sequence("a list of {duration, target}, e.g. [{duration: 30s, target: 100}]")
        guard !items.isEmpty else { throw node.error("expected at least one stage, e.g. [{duration: 30s, target: 100}]") }
        var stages: [Stage] = []
        for item in items {
            let stage = try item.mapping("a stage {duration, target}, e.g. {duration: 30s, target: 100}")
            try stage.rejectUnknownKeys(accepting: ["duration", "target"])
            stages.append(Stage(
                durationMicros: try stage.required("duration", "a duration such as 30s").durationMicros(),
                target: try stage.required("target", "a whole number >= 0").wholeNumber()))
        }
        return stages
    }

    /// The option an ``ExecutorConfigError`` is about, when it is one option.
    static func optionKey(of error: ExecutorConfigError) -> String? {
        switch error {
        case .notPositive(let what, _), .negative(let what, _):
            return [
                "the number of VUs": "vus", "the number of iterations": "iterations", "the iteration rate": "rate",
                "the number of start VUs": "startVUs", "the startRate value": "startRate",
                "the number of preAllocatedVUs": "preAllocatedVUs", "maxVUs (or preAllocatedVUs)": "maxVUs",
            ][what]
        case .durationTooShort(let what, _), .negativeDuration(let what, _):
            return what
        case .timeUnitNotPositive:
            return "timeUnit"
        case .noStages, .stageNegativeDuration, .stageNegativeTarget, .allTargetsZero, .invalidStage:
            return "stages"
        case .maxVUsBelowPreAllocated:
            return "maxVUs"
        case .iterationsBelowVUs:
            return "iterations"
        case .tooLarge(let what, _, _):
            return [
                "the number of VUs": "vus", "startVUs": "startVUs", "a stage target": "stages", "the stages' total duration": "stages",
                "gracefulRampDown": "gracefulRampDown", "the rate": "rate", "timeUnit": "timeUnit", "duration": "duration",
                "preAllocatedVUs": "preAllocatedVUs", "maxVUs": "maxVUs", "startRate": "startRate",
                "the number of iterations": "iterations", "maxDuration": "maxDuration",
            ][what]
        }
    }
}
