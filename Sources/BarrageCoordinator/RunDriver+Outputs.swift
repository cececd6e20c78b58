import BarrageCore

extension RunDriver {
    /// Adds agent `index`'s share of a second to `interval`, keeping the agents in the order given.
    /// - Parameter previous: the agent's sample before this one, for the interface byte deltas.
    func addAgentSecond(_ sample: Message.Sample, from index: Int, previous: Message.Sample?, to interval: inout TimelineInterval) {
        let name = agents[index].endpoint.name
        func delta(_ now: UInt64, _ before: UInt64?) -> UInt64 {
            guard let before, now >= before else { return 0 }
            return now - before
        }
        let second = AgentSecond(
            name: name, lengthMicros: sample.intervalMicros, counters: sample.counters, activeVUs: sample.activeVUs,
            processCPUPercent: sample.processCPUPercent, hostCPUPercent: sample.hostCPUPercent,
            netRxBytes: delta(sample.netRxBytes, previous?.netRxBytes), netTxBytes: delta(sample.netTxBytes, previous?.netTxBytes))
        let position = { (name: String) in agents.firstIndex { $0.endpoint.name == name } ?? Int.max }
        let insertAt = interval.agents.firstIndex { position($0.name) > index } ?? interval.agents.endIndex
        interval.agents.insert(second, at: insertAt)
    }
}
