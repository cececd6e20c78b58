import Foundation
import Testing
@testable import BarrageCore

/// Several scenarios in one spec: each split exactly across agents, validated, encoded.
struct RunSpecScenariosTests {
    static func spec(_ scenarios: [ScenarioSpec]) -> RunSpec {
        var spec = RunSpec(url: "http://127.0.0.1:8080/", executor: scenarios[0].executor)
        spec.requests = [RequestSpec(name: "home", url: "http://127.0.0.1:8080/${env.REGION}", checks: RequestChecks(bodyContains: ["${env.REGION}"]))]
        spec.scenarios = scenarios
        return spec
    }

    /// ExecutorPlanTests' property, per scenario: agents cut as the coordinator cuts them (VUSplit
    /// of the whole test's VUs, then execution segments) add up to each scenario's whole test at
    /// every step, VUs and iterations alike.
    @Test func propertyEachScenarioSplitsExactlyAcrossAgents() throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        print("RunSpec scenarios property seed: \(seed)")
        var rng = SplitMix64(seed: seed)
        for _ in 0..<20 {
            let configs = ExecutorPlanTests.randomConfigs(&rng)
            let scenarios = configs.enumerated().map { ScenarioSpec(name: "s\($0.offset)", executor: $0.element, startTimeMicros: Int64($0.offset) * 100_000) }
            let spec = Self.spec(scenarios)
            let agents = Int(rng.next() % 7) + 1
            let split = try VUSplit.split(total: spec.vus, agents: (0..<agents).map { _ in VUSplit.Agent(weight: Double(rng.next() % 5 + 1)) })
            let withVUs = split.filter { $0 > 0 }
            let segments = try ExecutionSegment.fromWeights(withVUs.map(Double.init))
            let agentSpecs = segments.map { spec.withSegment($0) }
            #expect(agentSpecs.map(\.vus).reduce(0, +) >= 0)
            for (index, scenario) in scenarios.enumerated() {
                let plans = agentSpecs.map { $0.scenarios?[index].executorPlan ?? ExecutorPlan(config: .constantVUs(vus: 0, durationMicros: 1)) }
                #expect(agentSpecs.allSatisfy { $0.scenarios?[index].name == scenario.name && $0.scenarios?[index].startTimeMicros == scenario.startTimeMicros })
                let global = ExecutorPlan(config: scenario.executor)
                var t: Int64 = 0
                while t <= scenario.executor.totalDurationMicros + 1_000_000 {
                    #expect(plans.map { $0.vus(atMicros: t) }.reduce(0, +) == global.vus(atMicros: t), "seed \(seed) \(scenario.name) t=\(t)")
                    if let started = global.iterationsStarted(byMicros: t) {
                        #expect(plans.map { $0.iterationsStarted(byMicros: t) ?? -1 }.reduce(0, +) == started, "seed \(seed) \(scenario.name) t=\(t)")
                    }
                    t += 250_000
                }
                #expect(plans.map(\.maxVUs).reduce(0, +) == scenario.executor.maxVUs, "seed \(seed)")
                if let total = global.totalIterations {
                    #expect(plans.map { $0.totalIterations ?? -1 }.reduce(0, +) == total, "seed \(seed) \(scenario.name)")
                }
            }
        }
    }

    @Test func runningAScenarioTakesItsExecutorStopAndEnvironment() throws {
        let buyers = ScenarioSpec(
            name: "buyers", executor: .sharedIterations(vus: 2, iterations: 10, maxDurationMicros: 5_000_000),
            startTimeMicros: 3_000_000, gracefulStopMicros: 1_000_000, env: ["REGION": "eu"])
        let spec = Self.spec([ScenarioSpec(name: "browsers", executor: .constantVUs(vus: 5, durationMicros: 2_000_000), env: ["REGION": "us"]), buyers])
        let running = try spec.running(buyers)
        #expect(running.scenarios == nil && running.executor == buyers.executor && running.gracefulStopMicros == 1_000_000)
        #expect(running.iterationRequests[0].url == "http://127.0.0.1:8080/eu")
        #expect(running.iterationRequests[0].checks.bodyContains == ["eu"])
        // The coordinator accepts the check names each scenario's agents report.
        #expect(spec.checkNames == ["home: status is 2xx", "home: body contains \"eu\"", "home: body contains \"us\""])
        #expect(spec.vus == 7 && spec.durationMicros == 8_000_000 && spec.hardEndMicros == 32_000_000)
    }

    @Test func validationRefusesHostileScenarios() {
        let base = ScenarioSpec(name: "a", executor: .constantVUs(vus: 1, durationMicros: 1_000_000), env: ["REGION": "eu"])
        func problem(_ edit: (inout RunSpec) -> Void) -> String? {
            var spec = Self.spec([base])
            edit(&spec)
            do {
                try spec.validate()
                return nil
            } catch {
                return error.description
            }
        }
        #expect(problem { _ in } == nil)
        #expect(problem { $0.scenarios = Array(repeating: base, count: 101) }?.hasPrefix("spec.scenarios (count): 101 is out of range") == true)
        #expect(problem { $0.scenarios = [base, base] }?.contains("not unique") == true)
        #expect(problem { $0.scenarios?[0].exec = "checkout" }?.contains("no flow named 'checkout'") == true)
        #expect(problem { $0.scenarios?[0].startTimeMicros = -1 }?.hasPrefix("spec.scenarios[0].start_time_micros") == true)
        #expect(problem { $0.scenarios?[0].gracefulStopMicros = .max }?.hasPrefix("spec.scenarios[0].graceful_stop_micros") == true)
        #expect(problem { $0.scenarios?[0].name = "a\u{1B}b" }?.contains("control character") == true)
        #expect(problem { $0.scenarios?[0].tags = Dictionary(uniqueKeysWithValues: (0...100).map { ("t\($0)", "v") }) }?.contains("tags (count)") == true)
        #expect(problem { $0.scenarios?[0].executor = .constantVUs(vus: -1, durationMicros: 1_000_000) }?.hasPrefix("spec.scenarios[0].executor") == true)
        #expect(problem { $0.scenarios = [] }?.hasPrefix("spec.scenarios (count)") == true)
    }

    @Test func wireNamesAreSnakeCase() throws {
        var spec = Self.spec([ScenarioSpec(name: "a", executor: .constantVUs(vus: 1, durationMicros: 1_000_000), startTimeMicros: 5, tags: ["k": "v"])])
        spec.scenarios?[0].env = ["REGION": "eu"]
        let data = try JSONEncoder().encode(spec)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"start_time_micros\":5") && text.contains("\"graceful_stop_micros\":30000000") && text.contains("\"exec\":\"default\""))
        #expect(try JSONDecoder().decode(RunSpec.self, from: data) == spec)
    }

    @Test func severalScenariosRefuseTheExecutorFlags() throws {
        var scenario = Scenario(
            name: "a", requests: [RequestSpec(name: "home", url: "http://127.0.0.1:8080/")],
            executor: .constantVUs(vus: 1, durationMicros: 1_000_000))
        scenario.scenarios = [
            ScenarioSpec(name: "browsers", executor: .constantVUs(vus: 1, durationMicros: 1_000_000)),
            ScenarioSpec(name: "buyers", executor: .sharedIterations(vus: 1, iterations: 3, maxDurationMicros: 5_000_000)),
        ]
        for edit: (inout WorkloadFlags) -> Void in [{ $0.vus = 3 }, { $0.durationMicros = 1_000_000 }, { $0.stages = [Stage(durationMicros: 1_000_000, target: 2)] }] {
            var flags = WorkloadFlags()
            edit(&flags)
            #expect(throws: WorkloadError.self) { try flags.spec(scenario: scenario) }
            do {
                _ = try flags.spec(scenario: scenario)
            } catch {
                #expect(error.description.contains("the file has 2 scenarios (browsers, buyers)"), "\(error)")
            }
        }
        var flags = WorkloadFlags()
        flags.gracefulStopMicros = 4_000_000
        let spec = try flags.spec(scenario: scenario)
        #expect(spec.scenarios?.map(\.gracefulStopMicros) == [4_000_000, 4_000_000])
        // One scenario: the flags override it as before, and the plain spec carries it.
        scenario.scenarios = [ScenarioSpec(name: "a", executor: .constantVUs(vus: 1, durationMicros: 1_000_000))]
        flags.vus = 9
        let one = try flags.spec(scenario: scenario)
        #expect(one.scenarios == nil && one.vus == 9)
        scenario.scenarios[0].startTimeMicros = 2_000_000
        let delayed = try flags.spec(scenario: scenario)
        #expect(delayed.scenarios?[0].executor == .constantVUs(vus: 9, durationMicros: 1_000_000) && delayed.durationMicros == 3_000_000)
    }

    @Test func environmentSubstitutionKeepsTemplatesAndEscapes() throws {
        #expect(try Template.substitutingEnvironment("/a/${env.X}/${vu}/$${env.X}", ["X": "1${y}"]) == "/a/1$${y}/${vu}/$${env.X}")
        #expect(try Template.substitutingEnvironment("${env.X}${env.Y}", ["X": "x"], keeping: ["Y"]) == "x${env.Y}")
        #expect(throws: TemplateError.unsetEnvironment("Z")) { try Template.substitutingEnvironment("${env.Z}", [:]) }
        #expect(throws: TemplateError.self) { try Template.substitutingEnvironment("${env.Z", [:]) }
        #expect(Template.environmentNames(in: "${env.A}/$${env.B}/${env.C}${env.A}") == ["A", "C"])
    }
}
