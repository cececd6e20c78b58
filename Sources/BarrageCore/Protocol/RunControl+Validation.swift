/// Range checks on the run-control messages an agent receives (finding: a token holder could
/// crash an agent with `start_at_micros` = Int64.min or a graceful stop of Int64.max).
extension Message.Prepare {
    /// The longest run id accepted, in bytes.
    public static let maxRunIdBytes = 128
    /// The highest agent index accepted.
    public static let maxAgentIndex = 1_000_000

    /// Checks the run id, the agent index and the whole spec.
    /// - Throws: ``SpecError`` naming the field.
    public func validate() throws(SpecError) {
        try SpecError.checkText("run_id", runId, maxLength: Self.maxRunIdBytes)
        try SpecError.check("agent_index", agentIndex, in: 0...Self.maxAgentIndex)
        try spec.validate()
    }
}

extension Message.Start {
    /// How far from the agent's clock a start instant may be: a coordinator sends one about a
    /// second ahead; an hour either way is a broken or hostile peer.
    public static let maxDistanceMicros: Int64 = 3_600_000_000

    /// Checks `start_at_micros` against the agent's wall clock `nowMicros`.
    /// - Throws: ``SpecError`` for a start more than ``maxDistanceMicros`` away.
    public func validate(nowMicros: Int64) throws(SpecError) {
        let low = nowMicros.subtractingSaturating(Self.maxDistanceMicros)
        let high = nowMicros.addingSaturating(Self.maxDistanceMicros)
        try SpecError.check("start_at_micros", startAtMicros, in: low...high)
    }
}

extension Message.Stop {
    /// Checks `graceful_stop_micros`.
    /// - Throws: ``SpecError`` outside 0...366 days.
    public func validate() throws(SpecError) {
        try SpecError.check("graceful_stop_micros", gracefulStopMicros, in: 0...RunSpec.Limits.maxDurationMicros)
    }
}
