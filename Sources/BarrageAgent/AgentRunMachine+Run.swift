import BarrageCore
import BarrageEngine

/// A running test and time passing: the start, one sample a second, the last sample and `done`,
/// the dead-man switch and the timeouts of the other phases.
extension AgentRunMachine {
    mutating func startRun(runId: String, startAtWallMicros: Int64, now: Now) {
        let delay = max(startAtWallMicros.subtractingSaturating(now.wallMicros), 0)
        emit(.startEngine(delayMicros: delay))
        phase = .running(runId: runId)
        sampleSeq = 0
        startedSent = false
        doneReason = .completed
        intervalStartWallMicros = startAtWallMicros
        nextSampleAt = now.monotonic + .microseconds(delay) + .seconds(1) + Self.sampleLagAfterLoopTick
        log(.info, "run \(runId): starting in \(DurationFormatter.format(.microseconds(delay)))")
    }

    /// Enforces the timeouts; while running, sends `started` and asks for the next sample when due.
    mutating func tick(engine progress: EngineProgress?, now: Now) {
        switch phase {
        case .awaitingAuth:
            if now.monotonic - openedAt > configuration.authTimeout {
                fail(.authFailed, "no 'auth' within \(configuration.authTimeout)")
            }
        case .running(let runId):
            if connectionOpen, doneReason != .coordinatorLost, now.monotonic - lastHeard > configuration.coordinatorTimeout {
                // Stop the load, but keep writing: a stalled (not dead) coordinator reads the
                // final samples and `done` from its socket buffer once it runs again.
                log(.error, "run \(runId): nothing heard from the coordinator for \(configuration.coordinatorTimeout); stopping load")
                doneReason = .coordinatorLost
                emit(.stopEngine(gracefulMicros: 0))
            }
            if once != nil {
                // A setup or teardown is measured as a whole, in `once_done`.
                if progress?.finished == true { emit(.collect) }
                return
            }
            if let started = progress?.startedAtWallMicros { sendStarted(runId: runId, at: started) }
            if progress?.finished == true {
                emit(.collect)
            } else if now.monotonic >= nextSampleAt {
                nextSampleAt += .seconds(1)
                emit(.collect)
            }
        case .acquiringSlot(let runId), .receivingData(let runId), .building(let runId), .prepared(let runId):
            if !connectionOpen || now.monotonic - lastHeard > configuration.coordinatorTimeout {
                log(.error, "run \(runId): nothing heard from the coordinator for \(configuration.coordinatorTimeout); dropping the prepared run")
                dropPreparedRun()
                phase = .closing
            }
        case .idle:
            if !connectionOpen || now.monotonic - lastHeard > configuration.idleTimeout {
                if connectionOpen { log(.info, "\(peer): idle for \(configuration.idleTimeout); closing") }
                phase = .closing
            }
        case .closing:
            break
        }
    }

    /// Sends the interval as the next sample; the last one (the engine finished) is followed by `done`.
    mutating func collected(_ interval: EngineInterval, reading: ProcSampler.Reading, now: Now) {
        guard case .running(let runId) = phase else { return }
        if let once { return finishOnce(once, runId: runId, interval, reading: reading, now: now) }
        if let started = interval.startedAtWallMicros { sendStarted(runId: runId, at: started) }
        // A regular sample covers the second up to the loops' tick it waited for; the last one
        // ends now. Never later than now, whatever the start instant.
        let end = interval.finished ? now.wallMicros : min(intervalStartWallMicros.addingSaturating(1_000_000), now.wallMicros)
        sampleSeq += 1
        let sample = Self.sample(
            of: interval, reading: reading, runId: runId, seq: sampleSeq,
            startMicros: intervalStartWallMicros, endMicros: end)
        intervalStartWallMicros = end
        if connectionOpen { send(.sample(sample)) }
        guard interval.finished else { return }
        send(.done(.init(runId: runId, reason: doneReason, samplesSent: sampleSeq)))
        finishedRunId = runId
        log(.info, "run \(runId): done (\(doneReason.rawValue)), \(sampleSeq) samples")
        emit(.dropEngine)
        emit(.releaseSlot)
        phase = connectionOpen && doneReason != .coordinatorLost ? .idle : .closing
    }

    /// The connection closed or failed: stop any load now (the dead-man switch) and finish.
    mutating func connectionEnded(_ end: ConnectionEnd) {
        switch end {
        case .protocolError(let error):
            log(.error, "\(peer): \(error.description); closing the connection")
            send(.error(error.errorMessage(blaming: .client)))
        case .failed(let explanation):
            log(.error, "\(peer): connection failed: \(explanation)")
        case .closed:
            break
        }
        connectionOpen = false
        keepsReading = false
        if case .running(let runId) = phase {
            log(.error, "run \(runId): coordinator connection lost; stopping load")
            doneReason = .coordinatorLost
            emit(.stopEngine(gracefulMicros: 0))
        } else {
            dropPreparedRun()
            phase = .closing
        }
    }

    private mutating func sendStarted(runId: String, at startedAtWallMicros: Int64) {
        guard !startedSent, connectionOpen else { return }
        startedSent = true
        send(.started(.init(runId: runId, startedAtMicros: startedAtWallMicros)))
    }

    /// The `sample` message of one engine interval (each metric encoded once, here).
    static func sample(
        of interval: EngineInterval, reading: ProcSampler.Reading, runId: String, seq: UInt64, startMicros: Int64, endMicros: Int64
    ) -> Message.Sample {
        var sample = Message.Sample(
            runId: runId, seq: seq, intervalStartMicros: startMicros,
            intervalMicros: max(endMicros.subtractingSaturating(startMicros), 1), counters: interval.metrics.counters,
            histograms: SampleHistograms.encode(interval.metrics),
            activeVUs: interval.activeVUs, processCPUPercent: reading.processCPUPercent,
            hostCPUPercent: reading.hostCPUPercent, netRxBytes: reading.netRxBytes, netTxBytes: reading.netTxBytes,
            loopLagMicros: interval.maxLagMicros)
        sample.series = SampleHistograms.encodeSeries(interval.metrics)
        sample.scenarios = SampleHistograms.encodeScenarios(interval.metrics)
        sample.tags = SampleHistograms.encodeTags(interval.metrics)
        sample.vusMax = interval.allocatedVUs > 0 ? interval.allocatedVUs : nil
        sample.checks = interval.metrics.checks.isEmpty ? nil : interval.metrics.checks
        sample.stopTest = interval.stopTest
        sample.cookiesDropped = interval.cookiesDropped > 0 ? interval.cookiesDropped : nil
        return sample
    }
}
