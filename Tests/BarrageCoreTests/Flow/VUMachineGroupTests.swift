import BarrageCore
import Testing

private typealias F = FlowFixtures

/// group_duration as the machine measures it: entry to exit of each pass, around loops, inside
/// loops, and when a request in the group fails or its extraction skips the rest.
struct VUMachineGroupTests {
    @Test func aGroupAroundALoopIsOnePassCoveringEveryRound() throws {
        let program = try F.program(["default": [.group(FlowGroup(name: "poll", steps: [
            .loop(FlowLoop(bound: .count(min: 3, max: 3), steps: [F.request("state"), .sleep(.fixed(micros: 200_000))])),
        ]))]])
        var machine = VUMachine(program: program)
        var host = FakeFlowHost()
        #expect(F.iteration(program, host: &host, machine: &machine, now: 5) == ["state", "state", "state"])
        // Three rounds of a 1 ms response and a 200 ms sleep: one pass of 603 ms.
        #expect(host.groups.map(\.group) == [0])
        #expect(host.groups.map(\.micros) == [603_000])
    }

    @Test func aLoopAroundAGroupTimesEachRound() throws {
        let program = try F.program(["default": [.loop(FlowLoop(bound: .count(min: 4, max: 4), steps: [
            .group(FlowGroup(name: "round", steps: [F.request("a"), F.request("b")])),
        ]))]])
        var machine = VUMachine(program: program)
        var host = FakeFlowHost()
        #expect(F.iteration(program, host: &host, machine: &machine).count == 8)
        #expect(host.groups.map(\.micros) == [2_000, 2_000, 2_000, 2_000])
    }

    @Test func aFailedResponseInAGroupStillEndsItNormally() throws {
        let program = try F.program(["default": [.group(FlowGroup(name: "checkout", steps: [F.request("order"), F.request("pay")]))]])
        var machine = VUMachine(program: program)
        var host = FakeFlowHost()
        // A 500 is a failed request, not a skip: both requests go and the group ends after them.
        #expect(F.iteration(program, host: &host, machine: &machine, status: 500) == ["order", "pay"])
        #expect(host.groups.map(\.micros) == [2_000])
    }

    @Test func aFailedExtractionEndsEveryOpenGroupAtTheFailure() throws {
        let program = try F.program(["default": [
            .group(FlowGroup(name: "a", steps: [
                F.request("first"),
                .group(FlowGroup(name: "b", steps: [F.request("login", extract: ["token"]), F.request("never")])),
                F.request("neverEither"),
            ])),
            .group(FlowGroup(name: "c", steps: [F.request("skipped")])),
        ]])
        var machine = VUMachine(program: program)
        var host = FakeFlowHost()
        #expect(machine.handle(.iterationStart, now: 0, program: program, host: &host) == .send(request: 0))
        #expect(machine.handle(.responded(status: 200, proceed: true), now: 1_000, program: program, host: &host) == .send(request: 1))
        // The extraction failed at 3 ms: the rest is skipped, b (entered at 1 ms) and a end now.
        #expect(machine.handle(.responded(status: 200, proceed: false), now: 3_000, program: program, host: &host) == .endIteration)
        #expect(host.groups.map(\.group) == [1, 0])
        #expect(host.groups.map(\.micros) == [2_000, 3_000])
        // The next iteration starts clean and times its groups again.
        host.groups = []
        #expect(machine.handle(.iterationStart, now: 10_000, program: program, host: &host) == .send(request: 0))
        #expect(host.groups.isEmpty)
    }

    @Test func aRequestNotSentEndsTheGroupToo() throws {
        let program = try F.program(["default": [.group(FlowGroup(name: "g", steps: [F.request("a"), F.request("b")]))]])
        var machine = VUMachine(program: program)
        var host = FakeFlowHost()
        _ = machine.handle(.iterationStart, now: 0, program: program, host: &host)
        _ = machine.handle(.notSent, now: 500, program: program, host: &host)
        #expect(host.groups.map(\.micros) == [500])
    }

    @Test func anIterationCutShortInAGroupIsNotAPass() throws {
        let program = try F.program(["default": [.group(FlowGroup(name: "g", steps: [F.request("slow"), F.request("b")]))]])
        var machine = VUMachine(program: program)
        var host = FakeFlowHost()
        _ = machine.handle(.iterationStart, now: 0, program: program, host: &host)
        // The runner starts the VU over (the test's end cut the iteration): no pass is recorded.
        _ = machine.handle(.iterationStart, now: 9_000, program: program, host: &host)
        _ = machine.handle(.responded(status: 200, proceed: true), now: 10_000, program: program, host: &host)
        _ = machine.handle(.responded(status: 200, proceed: true), now: 11_000, program: program, host: &host)
        #expect(host.groups.map(\.micros) == [2_000])
    }

    @Test func theProgramListsItsGroupsAndRequestTagsAsMetricTags() throws {
        var tagged = RequestSpec(name: "order", url: "http://127.0.0.1:9/order")
        tagged.tags = [HTTPHeader(name: "kind", value: "write")]
        let program = try F.program(["default": [
            .group(FlowGroup(name: "checkout", steps: [.request(tagged), .group(FlowGroup(name: "pay", steps: [F.request("p")]))])),
        ]])
        #expect(program.metricTags == [
            Threshold.Tag(key: "group", value: "::checkout"), Threshold.Tag(key: "group", value: "::checkout::pay"),
            Threshold.Tag(key: "kind", value: "write"),
        ])
    }
}
