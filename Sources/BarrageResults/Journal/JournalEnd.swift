import BarrageCore

/// The last line of a finished run's journal: the facts of the summary that no second holds.
/// A journal without it was cut short (``JournalReplay`` reports it as partial).
public struct JournalEnd: Codable, Sendable, Equatable {
    /// How one agent ended.
    public struct Agent: Codable, Sendable, Equatable {
        public var name: String
        public var lost: Bool
        public var lostAtMicros: Int64?
        public var cpuPercent: Double?

        public init(name: String, lost: Bool, lostAtMicros: Int64?, cpuPercent: Double?) {
            self.name = name
            self.lost = lost
            self.lostAtMicros = lostAtMicros
            self.cpuPercent = cpuPercent
        }

        enum CodingKeys: String, CodingKey {
            case name, lost
            case lostAtMicros = "lost_at_micros"
            case cpuPercent = "cpu_percent"
        }
    }

    public var elapsedMicros: Int64
    public var vus: Int
    public var vusMin: Int
    public var vusMax: Int
    public var vusAllocated: Int?
    public var startSkewMicros: Int64?
    public var maxClockOffsetMicros: Int64?
    public var interrupted: Bool
    public var abortedByThresholds: Bool
    public var notes: [String]
    public var agents: [Agent]

    enum CodingKeys: String, CodingKey {
        case elapsedMicros = "elapsed_micros"
        case vus
        case vusMin = "vus_min"
        case vusMax = "vus_max"
        case vusAllocated = "vus_allocated"
        case startSkewMicros = "start_skew_micros"
        case maxClockOffsetMicros = "max_clock_offset_micros"
        case interrupted
        case abortedByThresholds = "aborted_by_thresholds"
        case notes, agents
    }
}

extension JournalEnd {
    /// The end of `report`.
    public init(_ report: RunReport, abortedByThresholds: Bool) {
        elapsedMicros = report.elapsedMicros
        vus = report.vus
        vusMin = report.vusMin
        vusMax = report.vusMax
        vusAllocated = report.vusAllocated
        startSkewMicros = report.startSkewMicros
        maxClockOffsetMicros = report.maxClockOffsetMicros
        interrupted = report.interrupted
        self.abortedByThresholds = abortedByThresholds
        notes = report.notes
        agents = report.agents.map { Agent(name: $0.name, lost: $0.lost, lostAtMicros: $0.lostAtMicros, cpuPercent: $0.cpuPercent) }
    }
}
