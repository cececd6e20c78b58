/// A sample's place in time, checked against the coordinator's own clock: an agent sends one
/// sample per second of the run, so its `seq` and interval can only be as far along as the run
/// is. Without this a token-holding agent could send 100,000 samples in a 4 s run (a 400 MB
/// journal, 1.45 GB of coordinator memory) or jump `seq` ahead to distort every rate. With it
/// the journal, report and memory grow with the run's length, never with what a peer sends.
extension SampleCheck {
    public enum Timing {
        /// How far ahead of the coordinator's clock a sample may run: the clock offset's error,
        /// a last partial second, scheduling and the network.
        public static let slackMicros: Int64 = 2_000_000
        /// Plus 1% of the elapsed time, for agents whose seconds tick a little early.
        public static let driftDivisor: Int64 = 100
    }

    /// Checks `sample` against the run's time.
    /// - Parameters:
    ///   - elapsedMicros: time since the run's start instant, coordinator clock (negative before it).
    ///   - startOffsetMicros: the sample's interval start relative to the run's start instant,
    ///     in the coordinator's clock (saturated: the value is the agent's word).
    /// - Returns: nil when it fits, else one line saying what is wrong.
    public static func timingProblem(with sample: Message.Sample, elapsedMicros: Int64, startOffsetMicros: Int64) -> String? {
        let allowance = elapsedMicros.addingSaturating(Timing.slackMicros).addingSaturating(max(elapsedMicros, 0) / Timing.driftDivisor)
        let maxSeq = allowance > 0 ? UInt64(allowance / 1_000_000) : 0
        guard sample.seq <= maxSeq else {
            return "sample seq \(sample.seq) at \(DurationFormatter.format(micros: Double(max(elapsedMicros, 0)))) into the run (one sample a second: at most \(maxSeq))"
        }
        guard startOffsetMicros >= -Timing.slackMicros, startOffsetMicros.addingSaturating(sample.intervalMicros) <= allowance else {
            return "sample interval (start \(startOffsetMicros / 1000) ms from the run's start, \(sample.intervalMicros / 1000) ms long) is not within the \(max(elapsedMicros, 0) / 1000) ms the run has lasted"
        }
        return nil
    }
}
