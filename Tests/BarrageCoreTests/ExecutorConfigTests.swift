import Foundation
import Testing
@testable import BarrageCore

/// One second in microseconds.
private let sec: Int64 = 1_000_000

struct ExecutorConfigTests {
    @Test func validConfigsPass() throws {
        let configs: [ExecutorConfig] = [
            .constantVUs(vus: 10, durationMicros: 30 * sec),
            .rampingVUs(startVUs: 0, stages: [.init(durationMicros: 30 * sec, target: 100)], gracefulRampDownMicros: 30 * sec),
            .constantArrivalRate(rate: 100, timeUnitMicros: sec, durationMicros: 60 * sec, preAllocatedVUs: 10, maxVUs: 50),
            .rampingArrivalRate(startRate: 0, timeUnitMicros: sec, stages: [.init(durationMicros: 0, target: 10)], preAllocatedVUs: 0, maxVUs: 1),
            .perVUIterations(vus: 5, iterations: 10, maxDurationMicros: 600 * sec),
            .sharedIterations(vus: 5, iterations: 5, maxDurationMicros: sec),
        ]
        for config in configs { try config.validate() }
        #expect(configs.map(\.name) == [
            "constant-vus", "ramping-vus", "constant-arrival-rate", "ramping-arrival-rate", "per-vu-iterations", "shared-iterations",
        ])
    }

    @Test(arguments: [
        (ExecutorConfig.constantVUs(vus: 0, durationMicros: sec), "the number of VUs must be more than 0, but is 0"),
        (.constantVUs(vus: 1, durationMicros: 0), "the duration must be at least 1s, but is 0s"),
        (.constantVUs(vus: 1, durationMicros: 500_000), "the duration must be at least 1s, but is 500ms"),
        (.rampingVUs(startVUs: -1, stages: [.init(durationMicros: sec, target: 1)], gracefulRampDownMicros: 0),
         "the number of start VUs can't be negative, but is -1"),
        (.rampingVUs(startVUs: 1, stages: [], gracefulRampDownMicros: 0),
         "at least one stage has to be specified, e.g. --stages 30s:100,1m:0"),
        (.rampingVUs(startVUs: 1, stages: [.init(durationMicros: sec, target: 1), .init(durationMicros: -sec, target: 1)], gracefulRampDownMicros: 0),
         "the duration for stage 2 can't be negative, but is -1000ms"),
        (.rampingVUs(startVUs: 1, stages: [.init(durationMicros: sec, target: -3)], gracefulRampDownMicros: 0),
         "the target for stage 1 can't be negative, but is -3"),
        (.rampingVUs(startVUs: 0, stages: [.init(durationMicros: sec, target: 0)], gracefulRampDownMicros: 0),
         "either startVUs or one of the stages' target values must be greater than 0"),
        (.rampingVUs(startVUs: 1, stages: [.init(durationMicros: sec, target: 1)], gracefulRampDownMicros: -2 * sec),
         "the gracefulRampDown can't be negative, but is -2000ms"),
        (.constantArrivalRate(rate: 0, timeUnitMicros: sec, durationMicros: sec, preAllocatedVUs: 1, maxVUs: 1),
         "the iteration rate must be more than 0, but is 0"),
        (.constantArrivalRate(rate: 1, timeUnitMicros: 0, durationMicros: sec, preAllocatedVUs: 1, maxVUs: 1),
         "the timeUnit must be more than 0, but is 0s"),
        (.constantArrivalRate(rate: 1, timeUnitMicros: sec, durationMicros: sec, preAllocatedVUs: -1, maxVUs: 1),
         "the number of preAllocatedVUs can't be negative, but is -1"),
        (.constantArrivalRate(rate: 1, timeUnitMicros: sec, durationMicros: sec, preAllocatedVUs: 10, maxVUs: 5),
         "maxVUs (5) can't be less than preAllocatedVUs (10)"),
        (.rampingArrivalRate(startRate: -1, timeUnitMicros: sec, stages: [.init(durationMicros: sec, target: 1)], preAllocatedVUs: 1, maxVUs: 1),
         "the startRate value can't be negative, but is -1"),
        (.rampingArrivalRate(startRate: 0, timeUnitMicros: sec, stages: [.init(durationMicros: sec, target: 0)], preAllocatedVUs: 1, maxVUs: 1),
         "either startRate or one of the stages' target values must be greater than 0"),
        (.perVUIterations(vus: 1, iterations: 0, maxDurationMicros: sec), "the number of iterations must be more than 0, but is 0"),
        (.perVUIterations(vus: 1, iterations: 1, maxDurationMicros: 0), "the maxDuration must be at least 1s, but is 0s"),
        (.sharedIterations(vus: 10, iterations: 5, maxDurationMicros: sec),
         "the number of iterations (5) can't be less than the number of VUs (10)"),
        (.constantArrivalRate(rate: 1, timeUnitMicros: sec, durationMicros: sec, preAllocatedVUs: 0, maxVUs: 0),
         "maxVUs (or preAllocatedVUs) must be more than 0, but is 0"),
        (.rampingArrivalRate(startRate: Int.max, timeUnitMicros: sec, stages: [.init(durationMicros: 360_000 * sec, target: 1)], preAllocatedVUs: 1, maxVUs: 1),
         "startRate must be at most 1000000000, but is \(Int.max)"),
        (.rampingArrivalRate(startRate: 1, timeUnitMicros: sec, stages: [.init(durationMicros: 400 * 24 * 3600 * sec, target: 1)], preAllocatedVUs: 1, maxVUs: 1),
         "the stages' total duration must be at most 366 days, but is 9600h"),
        (.rampingVUs(startVUs: 0, stages: [.init(durationMicros: sec, target: 20_000_000)], gracefulRampDownMicros: 0),
         "a stage target must be at most 10000000, but is 20000000"),
    ])
    func invalidConfigsSayWhy(config: ExecutorConfig, message: String) {
        #expect(throws: ExecutorConfigError.self) { try config.validate() }
        do {
            try config.validate()
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func durationsAndMaxVUs() {
        let ramping = ExecutorConfig.rampingVUs(
            startVUs: 5, stages: [.init(durationMicros: 30 * sec, target: 100), .init(durationMicros: 60 * sec, target: 20)],
            gracefulRampDownMicros: 10 * sec)
        #expect(ramping.totalDurationMicros == 100 * sec)
        #expect(ramping.maxVUs == 100)
        let arrival = ExecutorConfig.rampingArrivalRate(
            startRate: 1, timeUnitMicros: sec, stages: [.init(durationMicros: 5 * sec, target: 9)], preAllocatedVUs: 2, maxVUs: 7)
        #expect(arrival.totalDurationMicros == 5 * sec)
        #expect(arrival.maxVUs == 7)
        #expect(ExecutorConfig.sharedIterations(vus: 3, iterations: 9, maxDurationMicros: 4 * sec).totalDurationMicros == 4 * sec)
    }

    @Test func parsesStages() throws {
        #expect(try Stage.parseList("30s:100,1m:1000") == [
            .init(durationMicros: 30 * sec, target: 100), .init(durationMicros: 60 * sec, target: 1000),
        ])
        #expect(try Stage.parseList(" 1m30s : 0 , 500ms:5") == [
            .init(durationMicros: 90 * sec, target: 0), .init(durationMicros: 500_000, target: 5),
        ])
        #expect(try Stage.parseList("30s:100,1m:1000").map(\.description) == ["30s:100", "1m:1000"])
    }

    @Test(arguments: [
        ("", ExecutorConfigError.invalidStage("", reason: "no stages")),
        ("30s", .invalidStage("30s", reason: "not <duration>:<target>")),
        ("30s:100,", .invalidStage("", reason: "not <duration>:<target>")),
        ("30:100", .invalidStage("30:100", reason: "'30' is not a duration")),
        ("30s:-1", .invalidStage("30s:-1", reason: "the target '-1' is not a whole number >= 0")),
        ("30s:1.5", .invalidStage("30s:1.5", reason: "the target '1.5' is not a whole number >= 0")),
        ("30s:1:2", .invalidStage("30s:1:2", reason: "not <duration>:<target>")),
    ])
    func rejectsBadStages(text: String, error: ExecutorConfigError) {
        #expect(throws: error) { try Stage.parseList(text) }
        #expect(error.description.hasPrefix("invalid stage '"))
        #expect(error.description.hasSuffix("expected <duration>:<target>[,...], e.g. 30s:100,1m:1000"))
    }

    @Test func roundTripsThroughJSON() throws {
        let config = ExecutorConfig.rampingArrivalRate(
            startRate: 3, timeUnitMicros: sec, stages: [.init(durationMicros: 5 * sec, target: 9)], preAllocatedVUs: 2, maxVUs: 7)
        let data = try JSONEncoder().encode(config)
        #expect(try JSONDecoder().decode(ExecutorConfig.self, from: data) == config)
    }
}
