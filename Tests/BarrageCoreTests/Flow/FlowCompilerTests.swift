import BarrageCore
import BarrageTestSupport
import Foundation
import Testing

/// Hostile and broken flows are refused at compile time with one clear line.
struct FlowCompilerTests {
    typealias F = FlowFixtures

    @Test func cyclesAreRefused() {
        let flows: [String: [Step]] = ["default": [.call("a")], "a": [F.request("x"), .call("b")], "b": [.call("a")]]
        #expect(throws: FlowError.cycle(["default", "a", "b", "a"])) { try F.program(flows) }
        #expect(throws: FlowError.cycle(["default", "default"])) { try F.program(["default": [.call("default")]]) }
    }

    @Test func unknownFlowIsRefused() {
        #expect(throws: FlowError.unknownFlow("nope", from: "default")) { try F.program(["default": [.call("nope")]]) }
    }

    @Test func deepNestingIsRefused() {
        var steps: [Step] = [F.request("x")]
        for _ in 0..<1_000 { steps = [.group(FlowGroup(name: "g", steps: steps))] }
        #expect(throws: FlowError.tooDeep("default")) { try F.program(["default": steps]) }
    }

    @Test func exponentialCallsAreRefused() {
        var flows: [String: [Step]] = ["f0": [F.request("x")]]
        // 50 calls of 50 calls of 50 requests: 125,000 requests from a few hundred steps.
        for level in 1...3 { flows["f\(level)"] = Array(repeating: .call("f\(level - 1)"), count: 50) }
        flows["default"] = [.call("f3")]
        #expect(throws: FlowError.tooLarge("default")) { try F.program(flows) }
    }

    @Test func badWeightsAreRefused() {
        #expect(throws: FlowError.weight("default", -1)) {
            try F.program(["default": [.random([WeightedBranch(weight: -1, steps: [F.request("x")])])]])
        }
        #expect(throws: FlowError.allWeightsZero("default")) {
            try F.program(["default": [.random([WeightedBranch(weight: 0, steps: [F.request("x")])])]])
        }
    }

    @Test func loopBoundsAreChecked() {
        #expect(throws: FlowError.loopCount("default", 0, 0)) {
            try F.program(["default": [.loop(FlowLoop(bound: .whileTrue(expression: "true", max: 0), steps: []))]])
        }
        #expect(throws: FlowError.loopCount("default", 5, 2)) {
            try F.program(["default": [.loop(FlowLoop(bound: .count(min: 5, max: 2), steps: []))]])
        }
    }

    @Test func expressionErrorsNameTheFlow() {
        #expect(throws: FlowError.expression("default", .unknownName("token"))) {
            try F.program(["default": [.condition(Condition(expression: "exists(token)", then: [F.request("x")]))]])
        }
        let huge = String(repeating: "a", count: 1 << 20)
        #expect(throws: FlowError.expression("default", .tooLong(1 << 20))) {
            try F.program(["default": [.condition(Condition(expression: huge, then: []))]])
        }
    }

    @Test func stepsRoundTripThroughJSON() throws {
        let flows: [String: [Step]] = ["default": [
            F.request("a", extract: ["t"], scope: .vu), .sleep(.uniform(minMicros: 1, maxMicros: 2)),
            .random([WeightedBranch(weight: 3, steps: [.call("b")])]),
            .condition(Condition(expression: "exists(t)", then: [], otherwise: [F.request("c")])),
            .loop(FlowLoop(bound: .whileTrue(expression: "t != 'x'", max: 3), steps: [])),
            .loop(FlowLoop(bound: .count(min: 1, max: 2), steps: [])),
            .group(FlowGroup(name: "g", steps: [])),
        ], "b": [F.request("b")]]
        let data = try JSONEncoder().encode(flows)
        #expect(try JSONDecoder().decode([String: [Step]].self, from: data) == flows)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Step.self, from: Data(#"{"sleep":{"fixed_micros":1},"flow":"x"}"#.utf8)) }
    }

    /// docs/PROTOCOL.md's flows example is a spec an agent accepts, and compiles to what it says.
    @Test func theProtocolDocFlowsExampleValidatesAndCompiles() throws {
        let doc = try DocFile.read()
        let block = try #require(DocFile.jsonBlocks(in: doc).first { $0.text.contains("\"flows\"") })
        guard case .prepare(let prepare) = try MessageCoding.decode(line: block.text) else {
            Issue.record("not a prepare")
            return
        }
        try prepare.spec.validate()
        let program = try prepare.spec.program()
        #expect(program.groups == ["::checkout"])
        #expect(program.requests.map(\.spec.name) == ["home", "search", "order", "poll"])
        #expect(prepare.spec.checkNames.contains("default: loop while state != 'done' reached max 20"))
        var bad = prepare.spec
        bad.flows?["search"] = [.call("default")]
        #expect(throws: SpecError.self) { try bad.validate() }
    }
}
