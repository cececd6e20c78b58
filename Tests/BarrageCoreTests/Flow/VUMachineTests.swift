import BarrageCore
import Testing

/// The pure VU machine, step kind by step kind, at the edges: no curl, no clock.
struct VUMachineTests {
    typealias F = FlowFixtures

    @Test func plainRequestsRunInOrderThenEnd() throws {
        let program = try F.program(["default": [F.request("a"), F.request("b")]])
        #expect(program.instructions == [.request(0), .request(1), .end])
        var host = FakeFlowHost()
        var machine = VUMachine(program: program)
        #expect(machine.handle(.iterationStart, now: 0, program: program, host: &host) == .send(request: 0))
        #expect(machine.handle(.responded(status: 200, proceed: true), now: 1, program: program, host: &host) == .send(request: 1))
        #expect(machine.handle(.responded(status: 200, proceed: true), now: 2, program: program, host: &host) == .endIteration)
        // The next iteration starts over.
        #expect(machine.handle(.iterationStart, now: 3, program: program, host: &host) == .send(request: 0))
    }

    @Test func failedExtractionSkipsToTheIterationSleep() throws {
        let program = try F.program(["default": [F.request("a"), F.request("b")]], iterationSleep: .fixed(micros: 500))
        var host = FakeFlowHost()
        var machine = VUMachine(program: program)
        #expect(machine.handle(.iterationStart, now: 0, program: program, host: &host) == .send(request: 0))
        #expect(machine.handle(.responded(status: 200, proceed: false), now: 1, program: program, host: &host) == .sleep(micros: 500))
        #expect(machine.handle(.timerFired, now: 501, program: program, host: &host) == .endIteration)
    }

    @Test func unsentRequestPausesBeforeEndingAnIterationThatDidNothing() throws {
        let program = try F.program(["default": [F.request("a")]])
        var host = FakeFlowHost()
        var machine = VUMachine(program: program)
        _ = machine.handle(.iterationStart, now: 0, program: program, host: &host)
        #expect(machine.handle(.notSent, now: 0, program: program, host: &host) == .sleep(micros: VUMachine.yieldMicros))
        #expect(machine.handle(.timerFired, now: 1_000, program: program, host: &host) == .endIteration)
    }

    @Test func sleepStepWaitsFixedOrInRange() throws {
        let program = try F.program(["default": [.sleep(.fixed(micros: 200)), .sleep(.uniform(minMicros: 100, maxMicros: 300)), F.request("a")]])
        var host = FakeFlowHost(units: [0, 0.5])
        var machine = VUMachine(program: program)
        #expect(machine.handle(.iterationStart, now: 0, program: program, host: &host) == .sleep(micros: 200))
        #expect(machine.handle(.timerFired, now: 200, program: program, host: &host) == .sleep(micros: 200))
        #expect(machine.handle(.timerFired, now: 400, program: program, host: &host) == .send(request: 0))
    }

    @Test func randomPicksByWeightAndNeverAZeroWeight() throws {
        let flows: [String: [Step]] = [
            "default": [.random([
                WeightedBranch(weight: 0, steps: [F.request("never")]),
                WeightedBranch(weight: 70, steps: [F.request("seventy")]),
                WeightedBranch(weight: 30, steps: [.call("search")]),
            ])],
            "search": [F.request("search")],
        ]
        let program = try F.program(flows)
        var machine = VUMachine(program: program)
        for (unit, expected) in [(0.0, "seventy"), (0.6999, "seventy"), (0.7, "search"), (0.9999, "search")] {
            var host = FakeFlowHost(units: [unit])
            #expect(F.iteration(program, host: &host, machine: &machine) == [expected])
        }
    }

    @Test func emptyBranchesRunNothing() throws {
        let program = try F.program(["default": [
            .random([WeightedBranch(weight: 1, steps: [])]),
            .condition(Condition(expression: "true", then: [], otherwise: [])),
            .loop(FlowLoop(bound: .count(min: 2, max: 2), steps: [])),
            .group(FlowGroup(name: "g", steps: [])),
            F.request("after"),
        ]])
        var host = FakeFlowHost()
        var machine = VUMachine(program: program)
        #expect(F.iteration(program, host: &host, machine: &machine) == ["after"])
        #expect(host.groups.map(\.group) == [0])
    }

    @Test func ifElseFollowsTheExtractedValue() throws {
        let program = try F.program(["default": [
            F.request("order", extract: ["vip"]),
            .condition(Condition(expression: "vip == 'true' && status == 200", then: [F.request("vip")], otherwise: [F.request("receipt")])),
        ]])
        var machine = VUMachine(program: program)
        var host = FakeFlowHost()
        let vip = F.iteration(program, host: &host, machine: &machine) { name, host in
            if name == "order" { host.values[.extracted("vip")] = "true" }
        }
        #expect(vip == ["order", "vip"])
        let plain = F.iteration(program, host: &host, machine: &machine) { name, host in
            if name == "order" { host.values[.extracted("vip")] = "false" }
        }
        #expect(plain == ["order", "receipt"])
        // status is the last response's: a 201 makes the condition false.
        var other = FakeFlowHost(values: [.extracted("vip"): "true"])
        #expect(F.iteration(program, host: &other, machine: &machine, status: 201) == ["order", "receipt"])
    }

    @Test func countedLoopRunsItsCountDrawnPerEntry() throws {
        let program = try F.program(["default": [.loop(FlowLoop(bound: .count(min: 2, max: 4), steps: [F.request("poll")]))]])
        var machine = VUMachine(program: program)
        var host = FakeFlowHost(units: [0])
        #expect(F.iteration(program, host: &host, machine: &machine).count == 2)
        host.units = [0.999]
        #expect(F.iteration(program, host: &host, machine: &machine).count == 4)
        let zero = try F.program(["default": [.loop(FlowLoop(bound: .count(min: 0, max: 0), steps: [F.request("poll")]))]])
        var zeroMachine = VUMachine(program: zero)
        #expect(F.iteration(zero, host: &host, machine: &zeroMachine).isEmpty)
    }

    @Test func whileLoopStopsWhenTheStateSaysOrAtItsMax() throws {
        let flows: [String: [Step]] = ["default": [
            F.request("order", extract: ["state"]),
            .loop(FlowLoop(bound: .whileTrue(expression: "state != 'done'", max: 5), steps: [F.request("poll", extract: ["state"])])),
        ]]
        let program = try F.program(flows)
        #expect(program.checks.names.last == "default: loop while state != 'done' reached max 5")
        var machine = VUMachine(program: program)
        var host = FakeFlowHost()
        var polls = 0
        let sent = F.iteration(program, host: &host, machine: &machine) { name, host in
            if name == "poll" { polls += 1 }
            host.values[.extracted("state")] = polls >= 3 ? "done" : "pending"
        }
        #expect(sent == ["order", "poll", "poll", "poll"])
        #expect(host.loopChecks.map(\.passed) == [true])
        // Never done: five polls, then the max check fails and the loop ends.
        var stuck = FakeFlowHost()
        let stuckSent = F.iteration(program, host: &stuck, machine: &machine) { _, host in host.values[.extracted("state")] = "pending" }
        #expect(stuckSent == ["order"] + Array(repeating: "poll", count: 5))
        #expect(stuck.loopChecks.map(\.passed) == [false])
    }

    @Test func nestedGroupsAreTimedWithK6Paths() throws {
        let program = try F.program(["default": [.group(FlowGroup(name: "a", steps: [
            F.request("outer"), .group(FlowGroup(name: "b", steps: [F.request("inner")])),
        ]))]])
        #expect(program.groups == ["::a", "::a::b"])
        #expect(program.requests.map(\.group) == [0, 1])
        var machine = VUMachine(program: program)
        var host = FakeFlowHost()
        _ = F.iteration(program, host: &host, machine: &machine, now: 10)
        // Each response takes 1 ms in the fixture: inner group 1 ms, outer 2 ms.
        #expect(host.groups.map(\.group) == [1, 0])
        #expect(host.groups.map(\.micros) == [1_000, 2_000])
    }

    @Test func aFlowCallingAFlowInlinesItInTheCallersGroup() throws {
        let flows: [String: [Step]] = [
            "default": [.call("browse"), .group(FlowGroup(name: "checkout", steps: [.call("browse")]))],
            "browse": [F.request("home"), .call("search")],
            "search": [F.request("search")],
        ]
        let program = try F.program(flows)
        var machine = VUMachine(program: program)
        var host = FakeFlowHost()
        #expect(F.iteration(program, host: &host, machine: &machine) == ["home", "search", "home", "search"])
        // The same request in another group is another entry, tagged with that group.
        #expect(program.requests.map(\.group) == [nil, nil, 0, 0])
    }

    @Test func vuScopedNamesAreListed() throws {
        let program = try F.program(["default": [F.request("login", extract: ["token"], scope: .vu), F.request("x", extract: ["y"])]])
        #expect(program.vuScopedNames == ["token"])
    }

    @Test func aLoopOfNothingYieldsAfterItsBudget() throws {
        let program = try F.program(["default": [.loop(FlowLoop(bound: .count(min: 1_000_000, max: 1_000_000), steps: [])), F.request("a")]])
        var machine = VUMachine(program: program)
        var host = FakeFlowHost()
        #expect(machine.handle(.iterationStart, now: 0, program: program, host: &host) == .sleep(micros: VUMachine.yieldMicros))
        #expect(F.iteration(program, host: &host, machine: &machine) == ["a"])
    }
}
