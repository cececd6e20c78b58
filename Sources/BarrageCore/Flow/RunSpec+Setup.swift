/// Setup and teardown (`setup:` / `teardown:`): each runs once in the whole test, by one VU of
/// one agent, as a one-iteration spec of its own (``onceSpec(_:)``); what setup extracts reaches
/// every agent in `prepare.spec.setup_values` and fills `${setup.NAME}` in before the engine is
/// built (``substitutingSetupValues()``), so the load's static requests stay static.
extension RunSpec {
    /// Bounds on `setup_values` (docs/PROTOCOL.md, "Field ranges"). Values go into header
    /// values, URLs and bodies, so no control character (CR/LF would split a header) is accepted.
    public enum SetupLimits {
        /// Values setup may extract.
        public static let maxValues = 64
        /// A value's name, in bytes.
        public static let maxNameBytes = 128
        /// A value, in bytes.
        public static let maxValueBytes = 16_384
        /// How long a setup or teardown may run before the coordinator gives up on it, µs.
        public static let maxRunMicros: Int64 = 600_000_000
    }

    /// Which of the two runs.
    public enum OnceStage: String, Codable, Sendable, CaseIterable {
        case setup, teardown

        /// The group its requests are tagged with, as k6 does.
        public var group: String { "::" + rawValue }
    }

    /// The names of ``setupValues``: what `setup.NAME` may name.
    public var setupNames: Set<String> { Set(setupValues.map { Array($0.keys) } ?? []) }

    /// The spec one agent runs for `stage`: its steps as the flow `default` (with the flows they
    /// call, and no other), one VU, one iteration, one event loop, no data sets and no
    /// scenarios; nil when the test has no such steps.
    public func onceSpec(_ stage: OnceStage) -> RunSpec? {
        guard let steps = stage == .setup ? setup : teardown, !steps.isEmpty else { return nil }
        var spec = self
        // Only the flows the steps call: the others may use `${setup.NAME}`, which the setup
        // (run before any value exists) could not fill in, and the agent would refuse the spec.
        var flows = Self.flows(calledBy: steps, in: allFlows)
        flows[Self.defaultFlow] = steps
        spec.flows = flows
        spec.requests = nil
        spec.scenarios = nil
        spec.executor = .sharedIterations(vus: 1, iterations: 1, maxDurationMicros: SetupLimits.maxRunMicros)
        spec.segment = .full
        spec.threads = 1
        spec.thinkTime = .none
        if var session = spec.session {
            session.data = []
            spec.session = session
        }
        // Setup runs before any value exists; teardown sees them all.
        if stage == .setup { spec.setupValues = nil }
        spec.setup = nil
        spec.teardown = nil
        return spec
    }

    /// The flows of `flows` that `steps` call, directly or through the flows they call (each
    /// once: a cycle, already a load error, ends here too).
    public static func flows(calledBy steps: [Step], in flows: [String: [Step]]) -> [String: [Step]] {
        var called: [String: [Step]] = [:]
        var pending = [steps]
        while let next = pending.popLast() {
            for step in next {
                if case .call(let name) = step, called[name] == nil, let body = flows[name] {
                    called[name] = body
                    pending.append(body)
                }
                pending.append(contentsOf: step.children)
            }
        }
        return called
    }

    /// The names `steps` extract, in any of their requests (what setup hands on).
    public static func extractedNames(in steps: [Step]) -> Set<String> {
        Set(Step.requests(in: steps).flatMap { ($0.extract ?? []).map(\.name) })
    }

    /// The spec with every `${setup.NAME}` filled in from ``setupValues`` (requests of every flow).
    /// - Throws: ``SpecError`` for a name setup did not extract.
    public func substitutingSetupValues() throws(SpecError) -> RunSpec {
        let values = setupValues ?? [:]
        var failure: TemplateError?
        func fill(_ request: inout RequestSpec) {
            guard failure == nil else { return }
            do throws(TemplateError) {
                request = try request.mappingTemplatedTexts { text throws(TemplateError) in
                    try Template.substituting(prefix: "setup.", in: text, values) { .unsetSetupValue($0, known: values.keys.sorted()) }
                }
            } catch {
                failure = error
            }
        }
        var spec = self
        if var requests {
            for index in requests.indices { fill(&requests[index]) }
            spec.requests = requests
        }
        spec.flows = flows?.mapValues { steps in steps.map { $0.mappingRequests(fill) } }
        if let failure { throw SpecError(field: "spec.setup_values", problem: failure.description) }
        return spec
    }

    /// Checks `setup_values`: count, names, values (length, no control characters).
    func validateSetupValues() throws(SpecError) {
        guard let setupValues else { return }
        try Self.checkSetupValues("spec.setup_values", setupValues)
    }

    /// The checks of a set of setup values wherever they travel (`prepare.spec`, `once_done`).
    public static func checkSetupValues(_ field: String, _ values: [String: String]) throws(SpecError) {
        try SpecError.check(field + " (count)", values.count, in: 0...SetupLimits.maxValues)
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            try SpecError.checkText(field + " name", name, maxLength: SetupLimits.maxNameBytes)
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw SpecError(field: field, problem: "'\(PeerText.escape(name, limit: 80))' is not a name (letters, digits and _)")
            }
            try SpecError.checkText("\(field).\(name)", value, maxLength: SetupLimits.maxValueBytes)
        }
    }
}
