import BarrageCore
import BarrageEngine

/// `run_once`: the test's setup or teardown, run here once with one VU. It passes the checks a
/// `prepare` does (spec, allow-list, `--max-vus`) and takes the run slot, then starts at once (no
/// `ready`/`start`), sends no per-second samples, and ends with one `once_done` carrying what the
/// VU extracted and everything it measured; the coordinator decides whether it passed.
extension AgentRunMachine {
    mutating func runOnce(_ runOnce: Message.RunOnce) {
        do { try runOnce.validate() } catch {
            return refuse(.badSpec, error.description)
        }
        once = runOnce.stage
        prepare(Message.Prepare(runId: runOnce.runId, agentIndex: 0, spec: runOnce.spec))
        if phase == .idle { once = nil }
    }

    /// The engine is built: start its one iteration now.
    mutating func startOnce(_ stage: RunSpec.OnceStage, runId: String, spec: RunSpec, now: Now) {
        log(.info, "run \(runId): running the \(stage.rawValue) (\(spec.iterationRequests.count) requests) against \(spec.url)")
        startRun(runId: runId, startAtWallMicros: now.wallMicros, now: now)
    }

    /// The one iteration ended: `once_done` with its values and metrics, and the slot is free.
    mutating func finishOnce(
        _ stage: RunSpec.OnceStage, runId: String, _ interval: EngineInterval, reading: ProcSampler.Reading, now: Now
    ) {
        guard interval.finished else { return }
        // One sample for the whole run: its interval is capped to what a sample may span.
        let end = min(now.wallMicros, intervalStartWallMicros.addingSaturating(SampleCheck.Limits.intervalMicros.upperBound))
        let sample = Self.sample(of: interval, reading: reading, runId: runId, seq: 1, startMicros: intervalStartWallMicros, endMicros: end)
        if connectionOpen {
            send(.onceDone(.init(runId: runId, stage: stage, values: interval.values ?? [:], sample: sample)))
        }
        finishedRunId = runId
        once = nil
        log(.info, "run \(runId): \(stage.rawValue) done (\(doneReason.rawValue)), \(interval.metrics.counters.httpReqs) requests")
        emit(.dropEngine)
        emit(.releaseSlot)
        phase = connectionOpen && doneReason != .coordinatorLost ? .idle : .closing
    }
}
