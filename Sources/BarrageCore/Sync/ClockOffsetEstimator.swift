/// Estimates an agent's clock offset from ping/pong round trips, NTP-style.
///
/// For one round trip the coordinator sends at `t0`, the agent reads its clock at `t1`, the reply
/// arrives at `t2`. Assuming symmetric paths the agent's clock reads `t1` at coordinator time
/// `(t0 + t2) / 2`, so `offset = t1 - (t0 + t2) / 2`, with error at most half the round trip. The
/// round trip with the smallest RTT is the least disturbed by queueing, so it wins.
public enum ClockOffsetEstimator {
    public struct Sample: Sendable, Equatable {
        public var sentMicros: Int64
        public var agentMicros: Int64
        public var receivedMicros: Int64

        public init(sentMicros: Int64, agentMicros: Int64, receivedMicros: Int64) {
            self.sentMicros = sentMicros
            self.agentMicros = agentMicros
            self.receivedMicros = receivedMicros
        }

        // Saturating: `agent_micros` comes from the agent, which may lie.
        public var roundTripMicros: Int64 { receivedMicros.subtractingSaturating(sentMicros) }
        public var offsetMicros: Int64 { agentMicros.subtractingSaturating(sentMicros / 2 + receivedMicros / 2) }
    }

    public struct Estimate: Sendable, Equatable {
        /// Agent clock minus coordinator clock.
        public var offsetMicros: Int64
        public var roundTripMicros: Int64
        /// Bound on the error of ``offsetMicros``: half the best round trip.
        public var uncertaintyMicros: Int64 { roundTripMicros / 2 }

        /// The agent-clock reading of a coordinator-clock instant.
        public func agentTime(forCoordinatorTime micros: Int64) -> Int64 { micros.addingSaturating(offsetMicros) }
        /// The coordinator-clock reading of an agent-clock instant (the instant is the agent's
        /// word, so the arithmetic saturates).
        public func coordinatorTime(forAgentTime micros: Int64) -> Int64 { micros.subtractingSaturating(offsetMicros) }
    }

    /// The largest clock offset accepted: beyond a day the agent's clock (or the agent) is broken.
    public static let maxOffsetMicros: Int64 = 86_400_000_000

    /// - Returns: the estimate from the lowest-RTT sample, or nil without valid samples (or when
    ///   the offset is beyond ``maxOffsetMicros``).
    public static func estimate(_ samples: [Sample]) -> Estimate? {
        let valid = samples.filter { $0.roundTripMicros >= 0 }
        guard let best = valid.min(by: { $0.roundTripMicros < $1.roundTripMicros }) else { return nil }
        guard best.offsetMicros.magnitude <= maxOffsetMicros.magnitude else { return nil }
        return Estimate(offsetMicros: best.offsetMicros, roundTripMicros: best.roundTripMicros)
    }
}
