import BarrageCore
import BarrageResults

/// What the run shows: the live line, thresholds (live and final, one evaluation), the outcome.
extension RunMachine {
    func progressLine(now: Int64) -> ProgressLine {
        var requestsPerSecond = 0.0
        var active = 0
        for agent in agents where agent.phase == .running {
            guard let sample = agent.latest else { continue }
            active += sample.activeVUs
            if sample.intervalMicros > 0 {
                requestsPerSecond += Double(sample.counters.httpReqs) / (Double(sample.intervalMicros) / 1e6)
            }
        }
        return ProgressLine(
            elapsedMicros: now - startAtMicros, plannedMicros: plan.spec.durationMicros, activeVUs: active,
            plannedVUs: plan.spec.vus, iterations: merged.counters.iterations, requests: merged.counters.httpReqs,
            requestsPerSecond: requestsPerSecond, p95Micros: recentDuration.valueAtPercentile(95, nowMicros: now),
            errors: merged.counters.httpReqFailed, agents: agents.count > 1 ? agents.count : nil)
    }

    /// Evaluates `thresholds` on the data merged from every agent so far: once a second for
    /// `abortOnFail` and once at the end for all, so live and final results cannot disagree.
    func evaluate(_ thresholds: [Threshold], metrics: MetricsSnapshot, elapsedMicros: Int64, vus: Int, vusMax: Int) -> [ThresholdResult] {
        ThresholdEvaluator.evaluate(
            thresholds, metrics: metrics, elapsedMicros: elapsedMicros, vus: vus, vusMax: vusMax,
            subMetrics: { metrics.subMetric($0) })
    }

    /// The merged data, with a file's only scenario's part when the spec names no scenarios,
    /// and the scenarios' tags (`{team:payments}` selects by them).
    var mergedByScenario: MetricsSnapshot {
        guard let scenarios = plan.spec.scenarios else {
            guard let name = plan.scenarioName else { return merged }
            return merged.asScenario(name, tags: plan.scenarioTags)
        }
        var tagged = merged
        for scenario in scenarios where !scenario.tags.isEmpty { tagged.scenarioTags[scenario.name] = scenario.tags }
        return tagged
    }

    /// k6's `abortOnFail`, evaluated on the data merged from every agent so far (k6-operator can
    /// only evaluate it per runner): a failed threshold past its `delayAbortEval` stops all agents.
    mutating func abortOnFailedThresholds(now: Int64) {
        guard stopRequested == 0, plan.thresholds.contains(where: \.abortOnFail) else { return }
        let metrics = mergedByScenario
        let aborting = plan.thresholds.filter { $0.abortOnFail && ThresholdEvaluator.hasObservations($0, in: metrics) }
        guard !aborting.isEmpty else { return }
        let elapsed = now - startAtMicros
        let running = agents.filter { $0.phase == .running }.compactMap(\.latest)
        let results = evaluate(
            aborting, metrics: metrics, elapsedMicros: elapsed, vus: running.map(\.activeVUs).reduce(0, +),
            vusMax: running.map { $0.vusMax ?? $0.activeVUs }.reduce(0, +))
        guard let failed = ThresholdEvaluator.abortingResult(results: results, elapsedMicros: elapsed) else { return }
        stopRequested = 1
        thresholdsAborted = true
        note("thresholds aborted the run at \(DurationFormatter.format(micros: Double(elapsed))): \(failed.metricName) \(failed.text) failed (\(failed.observedText)) on the merged data of all agents")
        stopAll(gracefulMicros: 0)
    }

    /// The summary's note on cookies dropped from full jars, if any were.
    var cookieNotes: [String] {
        guard cookiesDropped > 0 else { return [] }
        return ["\(cookiesDropped) cookies were dropped: a VU's jar keeps at most 180 per domain and 3000 in all, as browsers do, "
            + "and drops the oldest (the target set more cookies than that)"]
    }

    /// The merged report once every agent is done or lost: what is still open closes first.
    mutating func outcome(endMicros: Int64) -> RunOutcome {
        for row in timeline.close(before: .max) { emit(.second(row)) }
        let starts = agents.compactMap(\.startedAtMicros)
        let firstStart = starts.min() ?? startAtMicros
        let reports = agents.map { agent in
            AgentReport(
                name: agent.endpoint.name, address: agent.endpoint.address, vus: agent.vus, metrics: agent.totals,
                cpuPercent: agent.averageCPUPercent, lost: agent.phase == .lost, lostAtMicros: agent.lostAtMicros)
        }
        let merged = mergedByScenario
        let vus = VUFigures.measured(
            planned: plan.spec.vus, steadyMinimum: timeline.steadyMinimumVUs, sampledMaximum: timeline.maximumVUs,
            iterations: merged.counters.iterations)
        var report = RunReport(
            metrics: merged, elapsedMicros: max(endMicros - firstStart, 1), plannedDurationMicros: plan.spec.durationMicros,
            vus: vus.value, vusMin: vus.min, vusMax: vus.max,
            url: URLRedaction.redact(plan.spec.url), agents: reports,
            startSkewMicros: starts.isEmpty ? nil : (starts.max() ?? 0) - (starts.min() ?? 0),
            maxClockOffsetMicros: agents.compactMap { $0.clock.map { abs($0.offsetMicros) } }.max(),
            interrupted: stopRequested > 0 && !thresholdsAborted && !stoppedByData, notes: notes + cookieNotes)
        report.plannedVUs = plan.spec.vus
        report.vusAllocated = timeline.maximumAllocatedVUs
        report.name(from: plan.spec.redactingCredentials)
        if plan.spec.scenarios == nil, let name = plan.scenarioName {
            report.scenarios = [ScenarioSpec(name: name, executor: plan.spec.executor, gracefulStopMicros: plan.spec.gracefulStopMicros)]
        }
        report.thresholdResults = evaluate(
            plan.thresholds, metrics: merged, elapsedMicros: report.elapsedMicros, vus: report.vus, vusMax: report.vusMaxGauge)
        return RunOutcome(report: report, timeline: timeline.rows, abortedByThresholds: thresholdsAborted, insights: insights)
    }
}
