import BarrageCore

extension RunDriver {
    /// Adds agent `index`'s share of a second to `interval`, keeping the agents in the order given.
    /// - Parameter previous: the agent's sample before this one, for the interface byte deltas.
    func addAgentSecond(_ sample: Message.Sample, from index: Int, previous: Message.Sample?, to interval: inout TimelineInterval) {
        let share = share(sample, from: index, previous: previous)
        // Agent names are unique; their order is the agents' order. Binary search over the
        // shares in place, looking each name up by a scan only for the few probes.
        let position = { (name: String) in agents.indices.first { agents[$0].endpoint.name == name } ?? Int.max }
        var low = interval.agents.startIndex
        var high = interval.agents.endIndex
        if let last = interval.agents.last, position(last.name) < index { low = high }
        while low < high {
            let middle = (low + high) / 2
            if position(interval.agents[middle].name) > index { high = middle } else { low = middle + 1 }
        }
        let insertAt = low
        interval.agents.insert(share.agentSecond, at: insertAt)
        interval.shares.insert(share, at: insertAt)
    }

    /// Agent `index`'s sample as the journal keeps it: lossless, with interface byte deltas.
    func share(_ sample: Message.Sample, from index: Int, previous: Message.Sample?) -> JournalAgentSecond {
        func delta(_ now: UInt64, _ before: UInt64?) -> UInt64 {
            guard let before, now >= before else { return 0 }
            return now - before
        }
        return JournalAgentSecond(
            name: agents[index].endpoint.name, lengthMicros: sample.intervalMicros, counters: sample.counters,
            histograms: sample.histograms, series: sample.series, checks: sample.checks, activeVUs: sample.activeVUs,
            vusMax: sample.vusMax, processCPUPercent: sample.processCPUPercent, hostCPUPercent: sample.hostCPUPercent,
            netRxBytes: delta(sample.netRxBytes, previous?.netRxBytes), netTxBytes: delta(sample.netTxBytes, previous?.netTxBytes))
    }

    /// The seconds before the returned seq can close: every running agent has reported them
    /// (samples arrive in order, so none can follow), or they are three seconds behind the newest
    /// (an agent silent for longer is lost, ``RunPlan/agentSilenceMicros``). Closing as soon as
    /// all have reported keeps the journal and the live outputs about a second behind, not four.
    func closableSeq(newest: UInt64) -> UInt64 {
        let behind = newest > 3 ? newest - 3 : 0
        var slowest: UInt64?
        for index in agents.indices where agents[index].phase == .running {
            guard let seq = agents[index].latest?.seq else { return behind }
            slowest = min(slowest ?? seq, seq)
        }
        guard let slowest else { return behind }
        return max(behind, slowest + 1)
    }

    /// The start instant and every agent's share of the VUs, for the journal's plan.
    func runStart() -> RunStart {
        RunStart(startMicros: startAtMicros, agents: agents.map {
            JournalPlan.Agent(name: $0.endpoint.name, address: $0.endpoint.address, vus: $0.vus)
        })
    }
}
