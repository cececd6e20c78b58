extension Message {
    /// `run_once`, coordinator → agent (idle, after `auth_ok`): run the test's setup or teardown
    /// now, once, with one VU: `spec` is ``RunSpec/onceSpec(_:)`` (its flow `default` holds the
    /// steps; a teardown's spec carries `setup_values`). Checked as a `prepare`'s spec is, then
    /// answered by `once_done` (or `error`); `stop` with its run id ends it early.
    public struct RunOnce: Codable, Sendable, Equatable {
        /// The coordinator's run id with `-setup` or `-teardown`: a run of its own.
        public var runId: String
        public var stage: RunSpec.OnceStage
        public var spec: RunSpec

        public init(runId: String, stage: RunSpec.OnceStage, spec: RunSpec) {
            self.runId = runId
            self.stage = stage
            self.spec = spec
        }

        enum CodingKeys: String, CodingKey {
            case runId = "run_id"
            case stage, spec
        }

        /// Checks the run id and the spec as a `prepare`'s, and that it is one VU's one iteration.
        /// - Throws: ``SpecError`` naming the field.
        public func validate() throws(SpecError) {
            try Message.Prepare(runId: runId, agentIndex: 0, spec: spec).validate()
            guard spec.executor == .sharedIterations(vus: 1, iterations: 1, maxDurationMicros: RunSpec.SetupLimits.maxRunMicros),
                  spec.scenarios == nil, spec.segment == .full
            else {
                throw SpecError(field: "spec.executor", problem: "a run_once is one VU's one iteration (shared-iterations 1/1, no scenarios)")
            }
        }
    }

    /// `once_done`, agent → coordinator: the setup or teardown ran. `values` are what its VU
    /// extracted (by name); `sample` is everything it measured, counted in the test's totals. The
    /// coordinator decides from the sample's checks and failed requests whether it passed.
    public struct OnceDone: Codable, Sendable, Equatable {
        public var runId: String
        public var stage: RunSpec.OnceStage
        public var values: [String: String]
        public var sample: Sample

        public init(runId: String, stage: RunSpec.OnceStage, values: [String: String], sample: Sample) {
            self.runId = runId
            self.stage = stage
            self.values = values
            self.sample = sample
        }

        enum CodingKeys: String, CodingKey {
            case runId = "run_id"
            case stage, values, sample
        }
    }
}
