import Testing
@testable import BarrageCore

struct WorkloadFlagsTests {
    static let scenario = Scenario(
        name: "feed", target: "http://127.0.0.1:8080",
        requests: [RequestSpec(name: "feed", url: "http://127.0.0.1:8080/api/posts/", checks: RequestChecks(statuses: [200]))],
        iterationSleep: .fixed(micros: 1_000_000),
        executor: .rampingVUs(startVUs: 0, stages: [.init(durationMicros: 30_000_000, target: 1000), .init(durationMicros: 180_000_000, target: 1000)], gracefulRampDownMicros: 30_000_000),
        gracefulStopMicros: 10_000_000, timeoutMicros: 5_000_000)

    @Test func aFileAloneKeepsItsExecutorAndSettings() throws {
        let spec = try WorkloadFlags().spec(scenario: Self.scenario)
        #expect(spec.executor == Self.scenario.executor)
        #expect(spec.vus == 1000)
        #expect(spec.durationMicros == 210_000_000)
        #expect(spec.thinkTime == .fixed(micros: 1_000_000))
        #expect(spec.timeoutMicros == 5_000_000 && spec.gracefulStopMicros == 10_000_000)
        #expect(spec.requests == Self.scenario.requests)
        #expect(spec.url == "http://127.0.0.1:8080")
    }

    @Test func flagsOverrideTheFile() throws {
        var flags = WorkloadFlags()
        flags.vus = 50
        flags.durationMicros = 10_000_000
        flags.sleep = ThinkTime.none
        flags.timeoutMicros = 1_000_000
        let spec = try flags.spec(scenario: Self.scenario)
        #expect(spec.executor == .constantVUs(vus: 50, durationMicros: 10_000_000))
        #expect(spec.vus == 50 && spec.durationMicros == 10_000_000)
        #expect(spec.thinkTime == ThinkTime.none && spec.timeoutMicros == 1_000_000)

        var stages = WorkloadFlags()
        stages.stages = [Stage(durationMicros: 2_000_000, target: 7)]
        let ramp = try stages.spec(scenario: Self.scenario)
        #expect(ramp.executor == .rampingVUs(startVUs: 1, stages: [Stage(durationMicros: 2_000_000, target: 7)], gracefulRampDownMicros: 30_000_000))
        #expect(ramp.durationMicros == 2_000_000 && ramp.vus == 7)
    }

    @Test func urlWithAFileReplacesItsTarget() throws {
        var scenario = Self.scenario
        scenario.requests.append(RequestSpec(name: "other", url: "https://elsewhere.example/x"))
        var flags = WorkloadFlags()
        flags.url = "http://10.99.0.2:8080/"
        let spec = try flags.spec(scenario: scenario)
        #expect(spec.url == "http://10.99.0.2:8080")
        #expect(spec.requests?.map(\.url) == ["http://10.99.0.2:8080/api/posts/", "https://elsewhere.example/x"])
        // A target written with a trailing slash moves the same way.
        scenario.target = "http://127.0.0.1:8080/"
        flags.url = "http://10.99.0.2:9"
        #expect(try flags.spec(scenario: scenario).requests?.first?.url == "http://10.99.0.2:9/api/posts/")
    }

    /// A browser's recording sends `Origin` and `Referer` naming the recorded server; a server
    /// that checks them against its own host (CSRF protection) must see its own.
    @Test func urlMovesTheOriginAndRefererThatNameTheTarget() throws {
        var scenario = Self.scenario
        scenario.target = "http://127.0.0.1:8080/app"
        scenario.requests = [RequestSpec(name: "pay", method: "POST", url: "http://127.0.0.1:8080/app/pay", headers: [
            HTTPHeader(name: "origin", value: "http://127.0.0.1:8080"), HTTPHeader(name: "Referer", value: "http://127.0.0.1:8080/app/cart?x=1"),
            HTTPHeader(name: "referer", value: "http://127.0.0.1:8080/login"), HTTPHeader(name: "X-Return", value: "http://127.0.0.1:8080/app"),
        ])]
        scenario.requests.append(RequestSpec(name: "other", url: "http://127.0.0.1:8080/app/x", headers: [
            // Another origin (a port further), and a Referer of another host that starts the same: unchanged.
            HTTPHeader(name: "Origin", value: "http://127.0.0.1:80801"), HTTPHeader(name: "Referer", value: "http://127.0.0.1:8080.evil.test/"),
        ]))
        var flags = WorkloadFlags()
        flags.url = "https://10.99.0.2/base/"
        let requests = try #require(try flags.spec(scenario: scenario).requests)
        #expect(requests[0].url == "https://10.99.0.2/base/pay")
        #expect(requests[0].headers == [
            HTTPHeader(name: "origin", value: "https://10.99.0.2"), HTTPHeader(name: "Referer", value: "https://10.99.0.2/base/cart?x=1"),
            // Outside the target's path: only the origin moves.
            HTTPHeader(name: "referer", value: "https://10.99.0.2/login"), HTTPHeader(name: "X-Return", value: "http://127.0.0.1:8080/app"),
        ])
        #expect(requests[1].headers.map(\.value) == ["http://127.0.0.1:80801", "http://127.0.0.1:8080.evil.test/"])
        #expect(WorkloadFlags.origin(of: "http://a.test:81/x?y") == "http://a.test:81" && WorkloadFlags.origin(of: "http://a.test?q") == "http://a.test")
        #expect(WorkloadFlags.isUnder("http://a.test/app?x", "http://a.test/app") && !WorkloadFlags.isUnder("http://a.test/apple", "http://a.test/app"))
    }

    @Test func vusAloneKeepsTheFilesConstantDuration() throws {
        var scenario = Self.scenario
        scenario.executor = .constantVUs(vus: 10, durationMicros: 60_000_000)
        var flags = WorkloadFlags()
        flags.vus = 3
        #expect(try flags.spec(scenario: scenario).executor == .constantVUs(vus: 3, durationMicros: 60_000_000))
    }

    @Test func commandLineRunsWithoutAFile() throws {
        var flags = WorkloadFlags()
        flags.url = "http://127.0.0.1:8080/"
        flags.vus = 5
        flags.durationMicros = 500_000
        let spec = try flags.spec(scenario: nil)
        #expect(spec.executor == .constantVUs(vus: 5, durationMicros: 500_000) && spec.requests == nil && spec.segment == .full)
        #expect(spec.vus == 5 && spec.durationMicros == 500_000)
        #expect(spec.iterationRequests.count == 1 && spec.iterationRequests[0].url == "http://127.0.0.1:8080/")
        flags.stages = [Stage(durationMicros: 1_000_000, target: 4), Stage(durationMicros: 1_000_000, target: 0)]
        flags.durationMicros = nil
        let ramp = try flags.spec(scenario: nil)
        #expect(ramp.vus == 5 && ramp.durationMicros == 2_000_000)
    }

    @Test func conflictsAndMissingWorkloadAreOneLineErrors() {
        #expect(throws: WorkloadError.noWorkload) { try WorkloadFlags().spec(scenario: nil) }
        var url = WorkloadFlags()
        url.url = "http://x/"
        var absolute = Self.scenario
        absolute.target = nil
        #expect(throws: WorkloadError.self) { try url.spec(scenario: absolute) }
        var status = WorkloadFlags()
        status.expectedStatuses = [200]
        #expect(throws: WorkloadError.self) { try status.spec(scenario: Self.scenario) }
        var badStages = WorkloadFlags()
        badStages.stages = []
        #expect(throws: WorkloadError.self) { try badStages.spec(scenario: Self.scenario) }
        var vusAlone = WorkloadFlags()
        vusAlone.vus = 10
        #expect(throws: WorkloadError.self) { try vusAlone.spec(scenario: Self.scenario) }
        var both = WorkloadFlags()
        both.url = "http://x/"
        both.stages = [Stage(durationMicros: 1_000_000, target: 3)]
        both.durationMicros = 5_000_000
        #expect(throws: WorkloadError.self) { try both.spec(scenario: nil) }
        for error in [WorkloadError.noWorkload, .noRequests, .conflict("--url", "x"), .executor(.noStages)] {
            #expect(!error.description.contains("\n") && !error.description.isEmpty)
        }
    }
}
