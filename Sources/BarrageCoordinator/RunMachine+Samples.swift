import BarrageCore
import BarrageResults

/// A sample's one way through the coordinator: checked, decoded once, then added to the run's
/// totals, the agent's totals and its second; what the load-generator watch needs is derived from
/// the same values.
extension RunMachine {
    mutating func absorb(_ received: Message.Sample, from index: Int, now: Int64) {
        guard var check = agents[index].sampleCheck else { return }
        let agentStart = agents[index].clock?.coordinatorTime(forAgentTime: received.intervalStartMicros) ?? received.intervalStartMicros
        if let problem = SampleCheck.timingProblem(
            with: received, elapsedMicros: now.subtractingSaturating(startAtMicros),
            startOffsetMicros: agentStart.subtractingSaturating(startAtMicros)) ?? check.problem(with: received) {
            markLost(index, detail: "sent an invalid sample: \(problem)", now: now)
            return
        }
        agents[index].sampleCheck = check
        var sample = received
        sample.series = capSeries(sample.series, agent: agents[index].endpoint.name)
        let previous = agents[index].latest
        let decoded: SparseSample
        do {
            decoded = try agents[index].absorb(sample)
        } catch {
            markLost(index, detail: "sent a histogram that does not decode: \(error)", now: now)
            return
        }
        merged.merge(decoded)
        if let duration = decoded.trends[.httpReqDuration] { recentDuration.add(duration, nowMicros: now) }
        let agent = agents[index]
        if sample.counters.droppedIterations > 0, !warnedDropped {
            warnedDropped = true
            note("agent \(agent.endpoint.name) dropped \(sample.counters.droppedIterations) iterations in one second: all of its \(agent.vus) VUs were busy; raise maxVUs (dropped_iterations counts them)")
        }
        if let dropped = sample.cookiesDropped { cookiesDropped = cookiesDropped.addingSaturating(dropped) }
        let share = Self.share(sample, name: agent.endpoint.name, previous: previous)
        if timeline.add(sample, agent: index, startMicros: agentStart, decoded: decoded, share: share) {
            for row in timeline.close(before: closableSeq(newest: sample.seq)) { emit(.second(row)) }
        } else {
            emit(.lateShare(seq: sample.seq, share))
        }
        // Interface bytes when the counter moved (smooth, what the link carried), else the bytes of
        // the responses completed (counted when each ends).
        let receivedBytes = share.netRxBytes > 0 ? share.netRxBytes : sample.counters.dataReceivedBytes
        let observation = AgentObservation(
            activeVUs: sample.activeVUs, intervalMicros: sample.intervalMicros, iterations: sample.counters.iterations,
            receivedBytes: receivedBytes, hostCPUPercent: sample.hostCPUPercent,
            processCPUPercent: sample.processCPUPercent, loopLagMicros: sample.loopLagMicros,
            meanWaitingMicros: decoded.mean(.httpReqWaiting),
            meanReceivingMicros: decoded.mean(.httpReqReceiving))
        for insight in watch.observe(agent: agent.endpoint.name, observation) {
            insights.append(insight)
            note(insight.description)
        }
        if let reason = sample.stopTest, stopRequested == 0 {
            stopRequested = 1
            stoppedByData = true
            note("agent \(agent.endpoint.name) stopped the test: \(PeerText.escape(reason, limit: 256)) (onExhausted: stopTest); every agent was told to stop")
            stopAll(gracefulMicros: plan.spec.gracefulStopMicros)
        }
    }

    /// Drops series beyond ``maxSeries`` distinct ones in the run (their requests still count in
    /// the totals), noting it once.
    private mutating func capSeries(_ series: [SeriesSample]?, agent: String) -> [SeriesSample]? {
        // Names default to the URL: credentials in it are redacted before anything keeps them.
        guard let series = series?.map({ entry -> SeriesSample in
            var entry = entry
            entry.name = URLRedaction.redact(entry.name)
            return entry
        }) else { return nil }
        let kept = series.filter { entry in
            let key = SeriesKey(name: entry.name, method: entry.method, status: entry.status)
            if seriesKeys.contains(key) { return true }
            guard seriesKeys.count < Self.maxSeries else { return false }
            seriesKeys.insert(key)
            return true
        }
        if kept.count < series.count, !warnedSeriesCap {
            warnedSeriesCap = true
            note("agent \(agent) reported more than \(Self.maxSeries) distinct name/method/status series; the rest are counted in the totals only")
        }
        return kept
    }

    /// The sample as the journal keeps it: lossless, with interface byte deltas.
    /// - Parameter previous: the agent's sample before this one, for those deltas.
    static func share(_ sample: Message.Sample, name: String, previous: Message.Sample?) -> JournalAgentSecond {
        func delta(_ now: UInt64, _ before: UInt64?) -> UInt64 {
            guard let before, now >= before else { return 0 }
            return now - before
        }
        return JournalAgentSecond(
            name: name, lengthMicros: sample.intervalMicros, counters: sample.counters,
            histograms: sample.histograms, series: sample.series, checks: sample.checks, activeVUs: sample.activeVUs,
            vusMax: sample.vusMax, processCPUPercent: sample.processCPUPercent, hostCPUPercent: sample.hostCPUPercent,
            netRxBytes: delta(sample.netRxBytes, previous?.netRxBytes), netTxBytes: delta(sample.netTxBytes, previous?.netTxBytes),
            scenarios: sample.scenarios, tags: sample.tags)
    }

    /// The seconds before the returned seq can close: every running agent has reported them
    /// (samples arrive in order, so none can follow), or they are three seconds behind the newest
    /// (an agent silent for longer is lost, ``RunPlan/agentSilenceMicros``). Closing as soon as
    /// all have reported keeps the journal and the live outputs about a second behind, not four.
    func closableSeq(newest: UInt64) -> UInt64 {
        // By index, not `filter`: that copied every agent's state (~20 references) per sample.
        let behind = newest > 3 ? newest - 3 : 0
        var slowest: UInt64?
        for index in agents.indices where agents[index].phase == .running {
            guard let seq = agents[index].latest?.seq else { return behind }
            slowest = min(slowest ?? seq, seq)
        }
        guard let slowest else { return behind }
        return max(behind, slowest.addingSaturating(1))
    }
}
