import BarrageCore

extension RunReport {
    /// The measured wall time in seconds.
    var elapsedSeconds: Double { Double(elapsedMicros) / 1_000_000 }

    /// `count` per second of measured wall time; 0 when nothing was measured.
    func perSecond(_ count: UInt64) -> Double {
        elapsedMicros > 0 ? Double(count) / elapsedSeconds : 0
    }

    /// `part / whole` as a fraction, 0 when `whole` is 0.
    static func fraction(_ part: UInt64, of whole: UInt64) -> Double {
        whole == 0 ? 0 : Double(part) / Double(whole)
    }

    /// k6's `vus_max`: the VUs allocated, or the most seen running when agents did not say.
    public var vusMaxGauge: Int { vusAllocated ?? vusMax }
}

extension AgentReport {
    /// The wall time this agent's totals cover: up to the moment it was lost, else the whole run.
    ///
    /// A lost agent stops reporting, so dividing its totals by the full run would understate its rate.
    func activeMicros(runElapsedMicros: Int64) -> Int64 {
        if lost, let lostAtMicros, lostAtMicros > 0 { return Swift.min(lostAtMicros, runElapsedMicros) }
        return runElapsedMicros
    }

    /// `count` per second over the time this agent was active; 0 when that time is 0.
    func perSecond(_ count: UInt64, runElapsedMicros: Int64) -> Double {
        let micros = activeMicros(runElapsedMicros: runElapsedMicros)
        return micros > 0 ? Double(count) * 1_000_000 / Double(micros) : 0
    }
}
