import BarrageCore

/// A ``FlowHost`` for machine tests: values from a dictionary, random numbers from a list, and
/// what the machine recorded.
struct FakeFlowHost: FlowHost {
    var values: [FlowName: String] = [:]
    /// Returned in order by ``randomUnit()``; 0 once used up.
    var units: [Double] = []
    var groups: [(group: Int, micros: Int64)] = []
    var loopChecks: [(check: Int, passed: Bool)] = []

    func value(of name: FlowName) -> String? { values[name] }

    mutating func randomUnit() -> Double { units.isEmpty ? 0 : units.removeFirst() }

    mutating func groupEnded(_ group: Int, micros: Int64) { groups.append((group, micros)) }

    mutating func loopEnded(check: Int, passed: Bool) { loopChecks.append((check, passed)) }
}

enum FlowFixtures {
    static func request(_ name: String, extract: [String] = [], scope: Extraction.Scope = .iteration) -> Step {
        var spec = RequestSpec(name: name, url: "http://127.0.0.1:9/\(name)")
        if !extract.isEmpty { spec.extract = extract.map { Extraction(name: $0, source: .json("$.\($0)"), scope: scope) } }
        return .request(spec)
    }

    /// Compiles `flows`' entry with every extracted name known.
    static func program(
        _ flows: [String: [Step]], entry: String = "default", iterationSleep: ThinkTime = .none,
        columns: [String: [String]] = [:]
    ) throws(FlowError) -> FlowProgram {
        let names = TemplateNames(dataColumns: columns, extracted: FlowCompiler.extractedNames(flows).all)
        return try FlowCompiler.compile(entry, flows: flows, iterationSleep: iterationSleep, names: names)
    }

    /// The names of the requests a machine sends in one iteration, answering each with `status`
    /// and letting `respond` change the host's values between responses.
    static func iteration(
        _ program: FlowProgram, host: inout FakeFlowHost, machine: inout VUMachine, status: Int = 200, now: Int64 = 0,
        respond: (String, inout FakeFlowHost) -> Void = { _, _ in }
    ) -> [String] {
        var sent: [String] = []
        var action = machine.handle(.iterationStart, now: now, program: program, host: &host)
        var clock = now
        for _ in 0..<10_000 {
            switch action {
            case .send(let request):
                let name = program.requests[request].spec.name
                sent.append(name)
                respond(name, &host)
                clock += 1_000
                action = machine.handle(.responded(status: status, proceed: true), now: clock, program: program, host: &host)
            case .sleep(let micros):
                clock += micros
                action = machine.handle(.timerFired, now: clock, program: program, host: &host)
            case .endIteration:
                return sent
            }
        }
        return sent
    }
}
