import Testing
@testable import BarrageCoordinator

/// The search against fake systems that answer per rate: a target with a known capacity, a load
/// generator with a smaller one, a noisy step, and `--max-rate`.
@Suite struct CapacitySearchTests {
    /// A system under test as the search sees it: one step's result per rate asked.
    struct FakeSystem {
        /// The target's capacity, iterations/s: above it the p95 threshold fails.
        var capacity: Int
        /// What one agent can carry; above it the agent is network-bound.
        var generatorLimit = Int.max
        /// Step numbers (from 1) that fail whatever the rate: one noisy second.
        var noisySteps: Set<Int> = []
        /// Step numbers (from 1) whose agent looks network-bound whatever the rate: a hiccup of
        /// a busy machine.
        var noisyGeneratorSteps: Set<Int> = []
        var stepsRun = 0

        mutating func step(rate: Int) -> CapacityStep {
            stepsRun += 1
            if rate > generatorLimit || noisyGeneratorSteps.contains(stepsRun) {
                return CapacityStep(
                    rate: rate, achievedRate: Double(generatorLimit), p95Micros: 900_000,
                    limits: [GeneratorLimit(agent: "a1", reason: .network, detail: "network-bound at 11.2 MB/s", agentsNeeded: 5, forRate: 1000)])
            }
            let overloaded = rate > capacity || noisySteps.contains(stepsRun)
            return CapacityStep(
                rate: rate, achievedRate: Double(rate), p95Micros: overloaded ? 640_000 : 21_000,
                failedThresholds: overloaded ? ["http_req_duration p(95)=640ms (p(95)<100 failed)"] : [])
        }
    }

    /// Runs the whole search against `system`.
    static func search(_ system: inout FakeSystem, _ settings: CapacitySearch.Settings) -> (CapacityVerdict, [Int]) {
        var search = CapacitySearch(settings: settings)
        var decision = search.start()
        var rates: [Int] = []
        while case .run(let rate) = decision {
            rates.append(rate)
            decision = search.record(system.step(rate: rate))
            if rates.count > 200 { Issue.record("the search does not end"); break }
        }
        guard case .done(let verdict) = decision else { return (search.interrupt(), rates) }
        return (verdict, rates)
    }

    @Test(arguments: [7, 50, 385, 1000, 4321, 77_777])
    func convergesWithinPrecisionInFewSteps(capacity: Int) {
        var system = FakeSystem(capacity: capacity)
        let (verdict, rates) = Self.search(&system, CapacitySearch.Settings(startRate: 10, maxRate: 100_000, precision: 0.05))
        #expect(verdict.limit == .target)
        #expect(verdict.sustainableRate <= capacity)
        let breaking = try? #require(verdict.breaking?.rate)
        #expect((breaking ?? 0) > capacity)
        // Within 5% of the last pass (or 1 req/s apart at low rates).
        let gap = Double((breaking ?? 0) - verdict.sustainableRate)
        #expect(gap <= max(1, 0.05 * Double(verdict.sustainableRate)), "\(rates)")
        #expect(Double(verdict.sustainableRate) >= Double(capacity) * 0.95 - 1)
        // Growth to the first failure, then bisection: about log2(capacity/start) + log2(1/precision)
        // + 1, with each failure confirmed once.
        #expect(rates.count <= 30, "\(rates.count) steps: \(rates)")
        #expect(verdict.line.hasSuffix("limit: target"), "\(verdict.line)")
        #expect(verdict.line.hasPrefix("sustainable: \(verdict.sustainableRate) req/s (p95 21 ms); breaks at"))
    }

    @Test func answersAreMonotoneInTheCapacity() {
        var previous = 0
        for capacity in stride(from: 20, through: 3_000, by: 37) {
            var system = FakeSystem(capacity: capacity)
            let (verdict, _) = Self.search(&system, CapacitySearch.Settings(startRate: 10, maxRate: 100_000, precision: 0.05))
            #expect(verdict.sustainableRate >= previous, "capacity \(capacity): \(verdict.sustainableRate) < \(previous)")
            previous = verdict.sustainableRate
        }
    }

    @Test func aNoisyFailingStepIsRepeatedAndDoesNotPullTheAnswerDown() {
        // Steps 10, 20, 40 pass; the 4th (80) fails once by noise, its repeat passes.
        var system = FakeSystem(capacity: 500, noisySteps: [4])
        let (verdict, rates) = Self.search(&system, CapacitySearch.Settings(startRate: 10, maxRate: 100_000, precision: 0.05))
        #expect(Array(rates.prefix(6)) == [10, 20, 40, 80, 80, 160])
        #expect(verdict.sustainableRate >= 475)
        #expect(verdict.sustainableRate <= 500)

        // Without the repeat the same noise ends the search at once below the capacity.
        var settings = CapacitySearch.Settings(startRate: 10, maxRate: 100_000, precision: 0.05)
        settings.confirmFailures = false
        var noisy = FakeSystem(capacity: 500, noisySteps: [4])
        #expect(Self.search(&noisy, settings).0.sustainableRate < 80)
    }

    @Test func aGeneratorLimitIsNotBlamedOnTheTarget() {
        var system = FakeSystem(capacity: 5_000, generatorLimit: 230)
        let (verdict, rates) = Self.search(&system, CapacitySearch.Settings(startRate: 10, maxRate: 100_000, precision: 0.05))
        #expect(verdict.limit == .loadGenerator)
        #expect(verdict.sustainableRate <= 230)
        #expect(verdict.sustainableRate >= 218)
        #expect(verdict.breaking?.limits.first?.reason == .network)
        // Each generator-limited failure was confirmed once, as any failure.
        for rate in Set(rates) where rate > 230 { #expect(rates.filter { $0 == rate }.count == 2, "\(rates)") }
        #expect(verdict.line.hasPrefix("sustainable >= \(verdict.sustainableRate) req/s"), "\(verdict.line)")
        #expect(verdict.line.contains("limit: load-generator (a1 network-bound at 11.2 MB/s: about 5 agents like it are needed for 1000 req/s)"), "\(verdict.line)")
    }

    /// CapacityTests once saw it: three agents behind links at half their rate, one step all
    /// "network-bound" while the machine was busy. Confirmed once, it does not end the search.
    @Test func aNoisyGeneratorLimitIsRepeatedAndDoesNotEndTheSearch() {
        var system = FakeSystem(capacity: 120, noisyGeneratorSteps: [2])
        let (verdict, rates) = Self.search(&system, CapacitySearch.Settings(startRate: 40, maxRate: 100_000, precision: 0.1))
        #expect(Array(rates.prefix(4)) == [40, 80, 80, 160])
        #expect(verdict.limit == .target)
        #expect(verdict.sustainableRate >= 110)
    }

    /// The lab's six agents behind full links: two in full, the others by name.
    @Test func manyLimitedAgentsKeepTheVerdictToOneReadableLine() {
        let limits = (1...14).map {
            GeneratorLimit(agent: "a\($0)", reason: .network, detail: "network-bound at 8.4 MB/s", agentsNeeded: 9, forRate: 1400)
        }
        let breaking = CapacityStep(rate: 1400, achievedRate: 950, limits: limits)
        let verdict = CapacityVerdict(
            sustainable: CapacityStep(rate: 1300, achievedRate: 1279), breaking: breaking, limit: .loadGenerator, steps: 8, interrupted: false)
        #expect(verdict.line.contains(
            "limit: load-generator (a1 network-bound at 8.4 MB/s: about 9 agents like it are needed for 1400 req/s; a2 network-bound at 8.4 MB/s: "
                + "about 9 agents like it are needed for 1400 req/s; and 12 more: a3 network, a4 network, a5 network, a6 network, a7 network, "
                + "a8 network, a9 network, a10 network, a11 network, a12 network, ...); the target's capacity is at least this"), "\(verdict.line)")
    }

    /// A scenario file's iteration of several requests is stepped in iterations per second, and
    /// the verdict says so rather than calling them requests.
    @Test func theVerdictNamesIterationsWhenAnIterationIsNotOneRequest() {
        var verdict = CapacityVerdict(
            sustainable: CapacityStep(rate: 200, achievedRate: 198), breaking: CapacityStep(rate: 220, achievedRate: 150),
            limit: .target, steps: 5, interrupted: false)
        #expect(verdict.line.hasPrefix("sustainable: 200 req/s"), "\(verdict.line)")
        verdict.unit = CapacityVerdict.unit(oneRequestPerIteration: false)
        #expect(verdict.line.hasPrefix("sustainable: 200 iterations/s"), "\(verdict.line)")
        #expect(verdict.line.contains("breaks at 220 iterations/s"), "\(verdict.line)")
        #expect(!verdict.line.contains("req/s"), "\(verdict.line)")
    }

    @Test func passingTheMaxRateEndsWithMaxRate() {
        var system = FakeSystem(capacity: 100_000)
        let (verdict, rates) = Self.search(&system, CapacitySearch.Settings(startRate: 10, maxRate: 1_000, precision: 0.05))
        #expect(rates == [10, 20, 40, 80, 160, 320, 640, 1_000])
        #expect(verdict.limit == .maxRate)
        #expect(verdict.sustainableRate == 1_000)
        #expect(verdict.breaking == nil)
        #expect(verdict.line.contains("limit: max-rate"))
    }

    @Test func aFailingStartRateBisectsDownward() {
        var system = FakeSystem(capacity: 3)
        let (verdict, rates) = Self.search(&system, CapacitySearch.Settings(startRate: 10, maxRate: 100_000, precision: 0.05))
        #expect(rates.first == 10)
        #expect(verdict.sustainableRate == 3)
        #expect(verdict.breaking?.rate == 4)

        var dead = FakeSystem(capacity: 0)
        let (none, _) = Self.search(&dead, CapacitySearch.Settings(startRate: 10, maxRate: 100_000, precision: 0.05))
        #expect(none.sustainable == nil)
        #expect(none.line.hasPrefix("sustainable: none; breaks at 1 req/s"), "\(none.line)")
    }

    @Test func interruptingKeepsWhatWasFound() {
        var search = CapacitySearch(settings: CapacitySearch.Settings(startRate: 10, maxRate: 100_000, precision: 0.05))
        var system = FakeSystem(capacity: 1_000)
        guard case .run(let first) = search.start() else { Issue.record("no first step"); return }
        guard case .run(let second) = search.record(system.step(rate: first)) else { Issue.record("no second step"); return }
        #expect(second == 20)
        let verdict = search.interrupt()
        #expect(verdict.interrupted)
        #expect(verdict.sustainableRate == 10)
        #expect(verdict.limit == .unknown)
        #expect(search.record(system.step(rate: second)) == .done(verdict))
    }
}
