import BarrageCore

/// One agent's second of a run, as the load-generator watch sees it.
public struct AgentObservation: Sendable, Equatable {
    public var activeVUs: Int
    public var intervalMicros: Int64
    public var iterations: UInt64
    public var receivedBytes: UInt64
    /// Host CPU use, 0-100 over all cores.
    public var hostCPUPercent: Double
    /// The agent process's CPU use, 0-100 over all cores.
    public var processCPUPercent: Double
    public var loopLagMicros: Int64
    /// Mean time to first byte and mean time receiving the body, this second.
    public var meanWaitingMicros: Double
    public var meanReceivingMicros: Double

    public init(
        activeVUs: Int, intervalMicros: Int64, iterations: UInt64, receivedBytes: UInt64,
        hostCPUPercent: Double, processCPUPercent: Double, loopLagMicros: Int64,
        meanWaitingMicros: Double, meanReceivingMicros: Double
    ) {
        self.activeVUs = activeVUs
        self.intervalMicros = intervalMicros
        self.iterations = iterations
        self.receivedBytes = receivedBytes
        self.hostCPUPercent = hostCPUPercent
        self.processCPUPercent = processCPUPercent
        self.loopLagMicros = loopLagMicros
        self.meanWaitingMicros = meanWaitingMicros
        self.meanReceivingMicros = meanReceivingMicros
    }

    var seconds: Double { Double(max(intervalMicros, 1)) / 1e6 }
    var iterationsPerSecond: Double { Double(iterations) / seconds }
    var receivedBytesPerSecond: Double { Double(receivedBytes) / seconds }
}
