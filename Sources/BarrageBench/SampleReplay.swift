import BarrageCoordinator
import BarrageCore
import BarrageWire
#if canImport(Glibc)
import Glibc
#endif

/// The replay benchmark (`coord bench-replay`, Benchmarks/README.md): N in-memory agents send
/// recorded `sample` frames through the coordinator's real path - ``MessageCoding`` decodes each
/// frame's bytes, then ``RunDriver`` checks and merges it as it would a real agent's - while the
/// process's CPU time is read around the steady seconds.
///
/// What differs from real agents: no TLS, sockets or NIO event loops (frames are decoded on a
/// task, not a channel handler), and no agent processes share the machine; each second every
/// agent sends one frame at once. Each frame is a recorded one with only its `run_id`, `seq` and
/// `interval_start_micros` changed, so histograms, series and counters are what real agents sent.
public enum SampleReplay {
    public struct Figures: Sendable {
        public var agents: Int
        /// Agent-samples in the measured window.
        public var samples: Int
        /// Process CPU (user + system) in the measured window, seconds.
        public var cpuSeconds: Double
        public var wallSeconds: Double
        /// Of the CPU, what making the frames' bytes cost (measured apart, the same frames).
        public var generationCPUSeconds: Double
        /// `http_reqs` the frames carried and the run merged: they must be equal.
        public var expectedRequests: UInt64
        public var outcome: RunOutcome
    }

    /// Why a replay could not run.
    public struct ReplayError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// - Parameters:
    ///   - frames: recorded `sample` frames (lines without `\n`), used in turn.
    ///   - warmupSeconds: seconds fed before the CPU is measured.
    public static func run(frames: [[UInt8]], agents: Int, seconds: Int, warmupSeconds: Int) async throws -> Figures {
        guard agents >= 1, seconds >= warmupSeconds + 2, warmupSeconds >= 0 else {
            throw ReplayError(description: "need at least 1 agent and 2 more seconds than warm-up seconds")
        }
        let templates = try frames.enumerated().map { index, frame in
            do { return try SampleFrameTemplate(frame) } catch { throw ReplayError(description: "frame \(index + 1): \(error)") }
        }
        guard !templates.isEmpty else { throw ReplayError(description: "no sample frames to replay") }
        let plan = try replayPlan(templates: templates, agents: agents, seconds: seconds)
        let generation = measureGeneration(templates: templates, frames: agents * (seconds - 1 - warmupSeconds))

        let (events, sink) = AsyncStream.makeStream(of: AgentEvent.self)
        let starts = StartGate(agents: agents)
        return try await withTaskGroup(of: Void.self, returning: Result<Figures, ReplayError>.self) { group in
            var commandSinks: [AsyncStream<AgentCommand>.Continuation] = []
            for index in 0..<agents {
                let (commands, commandSink) = AsyncStream.makeStream(of: AgentCommand.self)
                commandSinks.append(commandSink)
                group.addTask { await fakeAgent(index: index, commands: commands, events: sink, starts: starts) }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(200))
                    sink.yield(.tick)
                }
            }
            // A clock in step with the coordinator's, 100 µs round trip.
            let clock = ClockOffsetEstimator.estimate([.init(sentMicros: 0, agentMicros: 50, receivedMicros: 100)])
            for index in 0..<agents {
                let hello = Message.Hello(agentName: "replay-\(index + 1)", challenge: "", maxVUs: 1_000_000, cores: 2)
                guard let clock else { continue }
                sink.yield(.connected(index: index, hello: hello, clock: clock))
            }
            let measured = Measured()
            group.addTask {
                guard let run = await starts.wait() else { return }
                await feed(
                    templates: templates, agents: agents, seconds: seconds, warmupSeconds: warmupSeconds, runId: run.0,
                    startAtMicros: run.1, events: sink, measured: measured)
            }
            var driver = RunDriver(plan: plan, commands: commandSinks, log: { _, _ in }, progress: { _ in })
            let result = await driver.drive(events)
            for sink in commandSinks { sink.finish() }
            group.cancelAll()
            let window = await measured.window
            let fed = 1...(seconds - 1)
            let expected = fed.reduce(UInt64(0)) { sum, second in
                (0..<agents).reduce(sum) { $0 + templates[(second + $1) % templates.count].httpReqs }
            }
            return result.map { outcome in
                Figures(
                    agents: agents, samples: agents * (seconds - 1 - warmupSeconds), cpuSeconds: window.cpu,
                    wallSeconds: window.wall, generationCPUSeconds: generation, expectedRequests: expected, outcome: outcome)
            }.mapError { ReplayError(description: "the replayed run failed: \($0)") }
        }.get()
    }

    /// A test whose request and check names are the recorded frames' own, so the coordinator's
    /// sample checks accept them as they accepted the real agents'.
    static func replayPlan(templates: [SampleFrameTemplate], agents: Int, seconds: Int) throws -> RunPlan {
        let names = Set(templates.flatMap(\.seriesNames)).sorted()
        var spec = RunSpec(
            url: names.first ?? "http://127.0.0.1:9/", vus: agents, durationMicros: Int64(seconds) * 1_000_000,
            gracefulStopMicros: 0)
        if names.count > 1 {
            spec.requests = names.map { RequestSpec(name: $0, url: "http://127.0.0.1:9/") }
        }
        let unknownChecks = Set(templates.flatMap(\.checkNames)).subtracting(spec.checkNames)
        guard unknownChecks.isEmpty else {
            throw ReplayError(description: "the frames report checks (\(unknownChecks.sorted().joined(separator: ", "))); record a run without checks")
        }
        let endpoints = (0..<agents).map { AgentEndpoint(name: "r\($0 + 1)", host: "replay", port: 1 + $0 % 65535) }
        return RunPlan(agents: endpoints, token: "", spec: spec)
    }

    /// One agent: answers `prepare` with `ready` and `start` with `started`; ignores pings.
    private static func fakeAgent(
        index: Int, commands: AsyncStream<AgentCommand>, events: AsyncStream<AgentEvent>.Continuation, starts: StartGate
    ) async {
        for await command in commands {
            guard case .send(let message) = command else { continue }
            switch message {
            case .prepare(let prepare):
                events.yield(.message(index: index, .ready(.init(runId: prepare.runId))))
            case .start(let start):
                events.yield(.message(index: index, .started(.init(runId: start.runId, startedAtMicros: start.startAtMicros))))
                await starts.started(runId: start.runId, at: start.startAtMicros)
            default:
                break
            }
        }
    }

    /// Sends every agent one frame a second from the start instant on, then `done`. The CPU is
    /// read at the top of the first measured second and of the last one, before its frames: each
    /// second's frames are merged within the second when the coordinator keeps up, so the window
    /// holds the work of `seconds - 1 - warmupSeconds` whole seconds (the last is only fed).
    private static func feed(
        templates: [SampleFrameTemplate], agents: Int, seconds: Int, warmupSeconds: Int, runId: String,
        startAtMicros: Int64, events: AsyncStream<AgentEvent>.Continuation, measured: Measured
    ) async {
        var cpuStart = 0.0
        var wallStart = 0.0
        for second in 1...seconds {
            let due = startAtMicros + Int64(second) * 1_000_000
            let wait = due - WallClock.nowMicros()
            if wait > 0 { try? await Task.sleep(for: .microseconds(wait)) }
            if second == warmupSeconds + 1 {
                cpuStart = processCPUSeconds()
                wallStart = monotonicSeconds()
            }
            if second == seconds {
                await measured.set(cpu: processCPUSeconds() - cpuStart, wall: monotonicSeconds() - wallStart)
                break
            }
            for index in 0..<agents {
                let template = templates[(second + index) % templates.count]
                let frame = template.frame(runId: runId, seq: UInt64(second), intervalStartMicros: due - 1_000_000)
                do {
                    events.yield(.message(index: index, try MessageCoding.decode(frame)))
                } catch {
                    events.yield(.closed(index: index, detail: "replayed frame does not decode: \(error)", error: nil))
                }
            }
        }
        for index in 0..<agents {
            events.yield(.message(index: index, .done(.init(runId: runId, reason: .completed, samplesSent: UInt64(seconds - 1)))))
        }
    }

    /// CPU seconds spent making `frames` frames' bytes alone.
    private static func measureGeneration(templates: [SampleFrameTemplate], frames: Int) -> Double {
        let start = processCPUSeconds()
        var bytes = 0
        for index in 0..<frames {
            bytes &+= templates[index % templates.count].frame(runId: "run-1234567890", seq: UInt64(index), intervalStartMicros: 1_700_000_000_000_000).count
        }
        precondition(bytes > 0, "templates are never empty")
        return processCPUSeconds() - start
    }

    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Waits until every agent was told to start; hands over the run id and the start instant.
    private actor StartGate {
        let agents: Int
        var count = 0
        var run: (String, Int64)?
        var waiters: [CheckedContinuation<(String, Int64)?, Never>] = []

        init(agents: Int) { self.agents = agents }

        func started(runId: String, at micros: Int64) {
            count += 1
            run = run ?? (runId, micros)
            guard count == agents else { return }
            for waiter in waiters { waiter.resume(returning: run) }
            waiters = []
        }

        func wait() async -> (String, Int64)? {
            if count == agents { return run }
            return await withCheckedContinuation { waiters.append($0) }
        }
    }

    private actor Measured {
        var window: (cpu: Double, wall: Double) = (0, 0)
        func set(cpu: Double, wall: Double) { window = (cpu, wall) }
    }
}
