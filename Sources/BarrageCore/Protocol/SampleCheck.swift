/// The coordinator's checks on an agent's `sample` before it is merged: an agent is a peer and may
/// be hostile or broken, and one bad agent must never crash the coordinator, exhaust its memory or
/// corrupt everyone's numbers. A sample that fails is not merged; the agent is marked lost with
/// the reason, and everything measured before stays.
public struct SampleCheck: Sendable {
    /// Per-sample ceilings, far above any real machine (10^9 requests or 10^13 bytes a sample).
    public enum Limits {
        public static let maxCount: UInt64 = 1_000_000_000
        public static let maxBytes: UInt64 = 10_000_000_000_000
        public static let intervalMicros: ClosedRange<Int64> = 1...120_000_000
        public static let maxSeriesPerSample = 1_000
        public static let maxChecksPerSample = 1_000
        public static let maxCPUPercent = 100_000.0
        /// The longest `stop_test` text accepted, in UTF-8 bytes.
        public static let maxStopTestBytes = 256
    }

    /// The request names and check names the plan allows (series and checks must be among them).
    public let requestNames: Set<String>
    public let checkNames: Set<String>
    /// The largest VU count an agent of this run can report.
    public let maxVUs: Int
    /// The scenario names a sample's `scenarios` may carry (empty: a test of one scenario).
    public let scenarioNames: Set<String>
    /// The group paths and request tags a sample's `tags` may carry (``RunSpec/metricTags``).
    public let tags: Set<Threshold.Tag>
    /// The last `seq` accepted from this agent.
    public private(set) var lastSeq: UInt64 = 0

    public init(
        requestNames: Set<String>, checkNames: Set<String>, maxVUs: Int, scenarioNames: Set<String> = [],
        tags: Set<Threshold.Tag> = []
    ) {
        self.requestNames = requestNames
        self.checkNames = checkNames
        self.maxVUs = maxVUs
        self.scenarioNames = scenarioNames
        self.tags = tags
    }

    /// Checks `sample`; on success remembers its `seq`.
    /// - Returns: nil if it is fine, else one line saying what is wrong (values escaped).
    public mutating func problem(with sample: Message.Sample) -> String? {
        guard sample.seq > lastSeq, sample.seq - lastSeq <= 1_000 else {
            return "sample seq \(sample.seq) does not follow \(lastSeq)"
        }
        guard Limits.intervalMicros.contains(sample.intervalMicros) else {
            return "interval_micros \(sample.intervalMicros) is out of range \(Limits.intervalMicros)"
        }
        if let problem = Self.problem(with: sample.counters, field: "counters") { return problem }
        guard (0...maxVUs).contains(sample.activeVUs) else {
            return "active_vus \(sample.activeVUs) is out of range 0...\(maxVUs)"
        }
        if let allocated = sample.vusMax, !(0...maxVUs).contains(allocated) {
            return "vus_max \(allocated) is out of range 0...\(maxVUs)"
        }
        for (name, value) in [("process_cpu_percent", sample.processCPUPercent), ("host_cpu_percent", sample.hostCPUPercent)] {
            guard value.isFinite, (0...Limits.maxCPUPercent).contains(value) else { return "\(name) \(value) is out of range" }
        }
        guard sample.loopLagMicros >= 0 else { return "loop_lag_micros \(sample.loopLagMicros) is negative" }
        let series = sample.series ?? []
        guard series.count <= Limits.maxSeriesPerSample else {
            return "\(series.count) series in one sample, at most \(Limits.maxSeriesPerSample) are accepted"
        }
        for entry in series {
            guard requestNames.contains(entry.name) else {
                return "series name '\(PeerText.escape(entry.name, limit: 80))' is not a request of this run"
            }
            guard RequestSpec.methods.contains(entry.method) else {
                return "series method '\(PeerText.escape(entry.method, limit: 20))' is not an HTTP method of this run"
            }
            guard entry.status == 0 || (100...599).contains(entry.status) else {
                return "series status \(entry.status) is not 0 or 100...599"
            }
            if let problem = Self.problem(with: entry.counters, field: "series counters") { return problem }
        }
        let checks = sample.checks ?? [:]
        guard checks.count <= Limits.maxChecksPerSample else { return "\(checks.count) checks in one sample" }
        for (name, tally) in checks {
            guard checkNames.contains(name) else { return "check '\(PeerText.escape(name, limit: 80))' is not a check of this run" }
            guard tally.passes <= Limits.maxCount, tally.fails <= Limits.maxCount else {
                return "check '\(PeerText.escape(name, limit: 80))' counts beyond \(Limits.maxCount) in one sample"
            }
        }
        if let problem = scenarioProblem(sample.scenarios ?? []) { return problem }
        if let problem = tagProblem(sample.tags ?? []) { return problem }
        if let dropped = sample.cookiesDropped, dropped > Limits.maxCount {
            return "cookies_dropped \(dropped) is beyond \(Limits.maxCount) in one sample"
        }
        if let text = sample.stopTest {
            guard text.utf8.count <= Limits.maxStopTestBytes else {
                return "stop_test is \(text.utf8.count) bytes, at most \(Limits.maxStopTestBytes) are accepted"
            }
            guard !PeerText.hasControlCharacter(text) else {
                return "stop_test '\(PeerText.escape(text, limit: 80))' holds a control character"
            }
        }
        lastSeq = sample.seq
        return nil
    }

    static func problem(with counters: Counters, field: String) -> String? {
        let counts = [
            ("http_reqs", counters.httpReqs), ("http_req_failed", counters.httpReqFailed), ("iterations", counters.iterations),
            ("checks_passed", counters.checksPassed), ("checks_failed", counters.checksFailed),
            ("dropped_iterations", counters.droppedIterations),
        ]
        for (name, value) in counts where value > Limits.maxCount {
            return "\(field).\(name) \(value) is beyond \(Limits.maxCount) in one sample"
        }
        for (name, value) in [("data_received_bytes", counters.dataReceivedBytes), ("data_sent_bytes", counters.dataSentBytes)]
        where value > Limits.maxBytes {
            return "\(field).\(name) \(value) is beyond \(Limits.maxBytes) in one sample"
        }
        for (kind, value) in counters.errors where value > Limits.maxCount {
            return "\(field).errors.\(kind.rawValue) \(value) is beyond \(Limits.maxCount) in one sample"
        }
        return nil
    }

    /// Each scenario part names a scenario of this run, once, with counters in range.
    func scenarioProblem(_ parts: [ScenarioSample]) -> String? {
        guard parts.count <= scenarioNames.count else {
            return "\(parts.count) scenario parts in one sample, this run has \(scenarioNames.count) scenarios"
        }
        var seen: Set<String> = []
        for part in parts {
            guard scenarioNames.contains(part.name), seen.insert(part.name).inserted else {
                return "scenario '\(PeerText.escape(part.name, limit: 80))' is not a scenario of this run, or repeated"
            }
            if let problem = Self.problem(with: part.counters, field: "scenario counters") { return problem }
        }
        return nil
    }

    /// Each tag part is a group or request tag of this run, once, with counters in range (the
    /// declared ones passed the spec's length and control-character checks).
    func tagProblem(_ parts: [TagSample]) -> String? {
        guard parts.count <= tags.count else {
            return "\(parts.count) tag parts in one sample, this run has \(tags.count) groups and request tags"
        }
        var seen: Set<Threshold.Tag> = []
        for part in parts {
            guard tags.contains(part.tag), seen.insert(part.tag).inserted else {
                return "tag part '\(PeerText.escape(part.key, limit: 80)):\(PeerText.escape(part.value, limit: 80))' is not a group or request tag of this run, or repeated"
            }
            guard part.groupDuration == nil || part.key == MetricsSnapshot.groupTag else {
                return "tag part '\(PeerText.escape(part.key, limit: 80))' carries group_duration but is not a group"
            }
            if let problem = Self.problem(with: part.counters, field: "tag counters") { return problem }
        }
        return nil
    }
}
