import BarrageCore

extension JournalPlan {
    /// What is out of bounds in the plan, or nil: the spec is checked as an agent checks a
    /// `prepare`, then the start instant and each agent.
    func implausibility() -> String? {
        guard JournalLimits.isInstant(startMicros) else { return "implausible start_micros \(startMicros)" }
        guard JournalLimits.nameProblem(runId, "run_id") == nil, agents.count <= JournalLimits.maxAgents,
              thresholds.count <= RunSpec.Limits.maxListItems, trendStats.count <= RunSpec.Limits.maxListItems else {
            return "implausible run_id, agents, thresholds or trend_stats (at most \(JournalLimits.maxAgents) agents, \(RunSpec.Limits.maxListItems) of the others)"
        }
        do { try spec.validate() } catch { return "the plan's \(error)" }
        for agent in agents {
            if let problem = JournalLimits.nameProblem(agent.name, "an agent's name") ?? JournalLimits.nameProblem(agent.address, "an agent's address") {
                return problem
            }
            guard (0...JournalLimits.maxVUs).contains(agent.vus) else { return "implausible VUs \(agent.vus) of agent \(PeerText.escape(agent.name, limit: 80))" }
        }
        for threshold in thresholds {
            if let problem = JournalLimits.nameProblem(threshold.metric, "a threshold's metric") { return problem }
            guard threshold.expressions.count <= RunSpec.Limits.maxListItems,
                  (0...RunSpec.Limits.maxDurationMicros).contains(threshold.delayAbortEvalMicros ?? 0) else {
                return "implausible threshold \(PeerText.escape(threshold.metric, limit: 80))"
            }
        }
        return nil
    }
}

extension JournalEnd {
    /// What is out of bounds in the end record, or nil. A negative elapsed time is an error.
    func implausibility() -> String? {
        guard (0...JournalLimits.maxAbsMicros).contains(elapsedMicros) else {
            return "elapsed_micros \(elapsedMicros) is \(elapsedMicros < 0 ? "negative" : "implausible")"
        }
        let vusRange = 0...JournalLimits.maxVUs * 1024
        guard [vus, vusMin, vusMax, vusAllocated ?? 0].allSatisfy(vusRange.contains) else { return "implausible VUs in the end record" }
        let offsets = [startSkewMicros ?? 0, maxClockOffsetMicros ?? 0] + agents.map { $0.lostAtMicros ?? 0 }
        guard offsets.allSatisfy(JournalLimits.isInstant), agents.allSatisfy({ $0.cpuPercent?.isFinite ?? true }) else {
            return "implausible skew, clock offset, lost time or CPU in the end record"
        }
        guard agents.count <= JournalLimits.maxAgents, notes.count <= JournalLimits.maxNotes else {
            return "\(agents.count) agents and \(notes.count) notes in the end record (at most \(JournalLimits.maxAgents) and \(JournalLimits.maxNotes))"
        }
        for agent in agents {
            if let problem = JournalLimits.nameProblem(agent.name, "an agent's name") { return problem }
        }
        return notes.lazy.compactMap { JournalNote(text: $0).implausibility() }.first
    }
}

extension JournalNote {
    func implausibility() -> String? {
        text.utf8.count <= JournalLimits.maxNoteBytes ? nil : "a note of \(text.utf8.count) bytes (at most \(JournalLimits.maxNoteBytes))"
    }
}
