extension Message {
    /// `sample`, agent → coordinator: what happened during one interval of a run, sent once per
    /// ``ProtocolLimits/sampleIntervalMicros`` and once more for the last partial interval.
    ///
    /// Counters and histograms cover only their interval (the coordinator sums them); the network
    /// byte counts are cumulative, as the kernel reports them.
    public struct Sample: Codable, Sendable, Equatable {
        public var runId: String
        /// Increases by one per sample of a run, starting at 0.
        public var seq: UInt64
        /// When the interval began, agent wall clock, µs since the Unix epoch.
        public var intervalStartMicros: Int64
        /// The interval's length, µs.
        public var intervalMicros: Int64
        /// Requests, iterations, bytes, checks and errors of the interval.
        public var counters: Counters
        /// Trend metric name (``TrendMetric/name``) → base64 of an HdrHistogram V2 compressed
        /// encoding in the ``LatencyHistogram`` layout. Metrics with no values may be absent.
        public var histograms: [String: String]
        /// VUs running at the end of the interval.
        public var activeVUs: Int
        /// CPU used by the agent process over the interval; 100 is one full core.
        public var processCPUPercent: Double
        /// CPU used by the whole host over the interval, 0...100 across all cores.
        public var hostCPUPercent: Double
        /// Bytes received on the agent's network interfaces since boot (/proc/net/dev).
        public var netRxBytes: UInt64
        /// Bytes sent on the agent's network interfaces since boot (/proc/net/dev).
        public var netTxBytes: UInt64
        /// The worst event-loop lag in the interval, µs: how late a loop ran its timers.
        public var loopLagMicros: Int64
        /// The interval's requests per `name`/`method`/`status` series; absent when there were none.
        public var series: [SeriesSample]?
        /// Each named check's passes and failures in the interval; absent when none ran.
        public var checks: [String: CheckTally]?
        /// VUs allocated at the end of the interval (k6's `vus_max`); absent before any is.
        public var vusMax: Int?
        /// Set by an agent whose data set ran out with `onExhausted: stopTest`; the text says which
        /// data set. The coordinator then stops every agent. Absent otherwise; at most
        /// ``SampleCheck/Limits/maxStopTestBytes`` bytes, no control characters (``SampleCheck``).
        public var stopTest: String?
        /// Each scenario's part of the interval, in a test of several scenarios; absent otherwise.
        public var scenarios: [ScenarioSample]?
        /// Each group's and request tag's part of the interval; absent when the flows have
        /// neither (or none was passed in the interval).
        public var tags: [TagSample]?
        /// Cookies the agent's VUs dropped from their jars in the interval, the oldest of a domain
        /// past 180 (or of a jar past 3000); absent when none were.
        public var cookiesDropped: UInt64?

        public init(
            runId: String, seq: UInt64, intervalStartMicros: Int64, intervalMicros: Int64,
            counters: Counters, histograms: [String: String], activeVUs: Int,
            processCPUPercent: Double, hostCPUPercent: Double, netRxBytes: UInt64, netTxBytes: UInt64,
            loopLagMicros: Int64
        ) {
            self.runId = runId
            self.seq = seq
            self.intervalStartMicros = intervalStartMicros
            self.intervalMicros = intervalMicros
            self.counters = counters
            self.histograms = histograms
            self.activeVUs = activeVUs
            self.processCPUPercent = processCPUPercent
            self.hostCPUPercent = hostCPUPercent
            self.netRxBytes = netRxBytes
            self.netTxBytes = netTxBytes
            self.loopLagMicros = loopLagMicros
        }

        enum CodingKeys: String, CodingKey {
            case runId = "run_id"
            case seq
            case intervalStartMicros = "interval_start_micros"
            case intervalMicros = "interval_micros"
            case counters, histograms
            case activeVUs = "active_vus"
            case processCPUPercent = "process_cpu_percent"
            case hostCPUPercent = "host_cpu_percent"
            case netRxBytes = "net_rx_bytes"
            case netTxBytes = "net_tx_bytes"
            case loopLagMicros = "loop_lag_micros"
            case series, checks
            case vusMax = "vus_max"
            case stopTest = "stop_test"
            case scenarios, tags
            case cookiesDropped = "cookies_dropped"
        }
    }
}

/// One tagged series of a ``Message/Sample``: the interval's requests with these tags.
public struct SeriesSample: Codable, Sendable, Equatable {
    public var name: String
    public var method: String
    public var status: Int
    public var counters: Counters
    /// http_req_duration of these requests: base64 HdrHistogram V2, as in ``Message/Sample/histograms``.
    public var httpReqDuration: String

    public init(name: String, method: String, status: Int, counters: Counters, httpReqDuration: String) {
        self.name = name
        self.method = method
        self.status = status
        self.counters = counters
        self.httpReqDuration = httpReqDuration
    }

    enum CodingKeys: String, CodingKey {
        case name, method, status, counters
        case httpReqDuration = "http_req_duration"
    }
}
