/// The range checks an agent applies to a `prepare` before it allocates anything or does any
/// arithmetic on it: a spec is a peer's input, and every number in it is bounded so that the
/// engine's arithmetic (deadlines, schedules, think times) can never overflow.
extension RunSpec {
    /// Bounds on spec fields; each chosen far above any real test and far below overflow.
    public enum Limits {
        /// Durations, graceful stops, think times and check thresholds: at most 366 days.
        public static let maxDurationMicros = ExecutorConfig.maximumDurationMicros
        /// Per-request timeout: 1 ms to 1 day.
        public static let timeoutMicros: ClosedRange<Int64> = 1_000...86_400_000_000
        /// Requests in one iteration.
        public static let maxRequests = 1_000
        /// Headers per request, statuses and checks per list.
        public static let maxListItems = 200
        /// A URL, in bytes.
        public static let maxURLBytes = 8_192
        /// A header name or a request name, in bytes.
        public static let maxNameBytes = 256
        /// A header value or a check text, in bytes.
        public static let maxValueBytes = 16_384
        /// Event loops asked for (the engine caps them at the cores anyway).
        public static let threads: ClosedRange<Int> = 0...1_024
        /// HTTP status codes a check may name.
        public static let statuses: ClosedRange<Int> = 100...599
    }

    /// Checks every field; the first problem found is thrown.
    /// - Throws: ``SpecError`` naming the field (`spec.` and its wire path), the value and the range.
    public func validate() throws(SpecError) {
        try Self.checkURL("spec.url", url)
        try Self.checkThinkTime("spec.think_time", thinkTime)
        try SpecError.check("spec.timeout_micros", timeoutMicros, in: Limits.timeoutMicros)
        try SpecError.check("spec.graceful_stop_micros", gracefulStopMicros, in: 0...Limits.maxDurationMicros)
        try Self.checkStatuses("spec.expected_statuses", expectedStatuses)
        try SpecError.check("spec.threads", threads, in: Limits.threads)
        if let requests {
            try SpecError.check("spec.requests (count)", requests.count, in: 1...Limits.maxRequests)
            for (index, request) in requests.enumerated() {
                try Self.checkRequest("spec.requests[\(index)]", request)
            }
        }
        if let session { try Self.checkHTTP("spec.session.http", session.http) }
        try validateSetupValues()
        try validateFlows()
        // The executor's own limits bound its VUs, rates and durations (k6's validation; a
        // command-line constant-vus run may be shorter than k6's 1 s).
        do { try executor.validate(constantVUsMinimumMicros: ExecutorConfig.minimumCommandLineDurationMicros) } catch {
            throw SpecError(field: "spec.executor", problem: error.description)
        }
        // Decoding takes the segment's fields as they are; the invariants are checked here, once.
        do { _ = try ExecutionSegment(from: segment.from, to: segment.to, sequence: segment.sequence) } catch {
            throw SpecError(field: "spec.segment", problem: error.description)
        }
        if let scenarios { try validateScenarios(scenarios) }
    }

    static func checkURL(_ field: String, _ url: String) throws(SpecError) {
        try SpecError.checkText(field, url, maxLength: Limits.maxURLBytes)
        do { _ = try TargetURL(url) } catch { throw SpecError(field: field, problem: error.description) }
    }

    static func checkThinkTime(_ field: String, _ think: ThinkTime) throws(SpecError) {
        switch think {
        case .fixed(let micros):
            try SpecError.check(field + ".fixed_micros", micros, in: 0...Limits.maxDurationMicros)
        case .uniform(let low, let high):
            try SpecError.check(field + ".min_micros", low, in: 0...Limits.maxDurationMicros)
            try SpecError.check(field + ".max_micros", high, in: low...Limits.maxDurationMicros)
        }
    }

    static func checkStatuses(_ field: String, _ statuses: [Int]) throws(SpecError) {
        try SpecError.check(field + " (count)", statuses.count, in: 0...Limits.maxListItems)
        for (index, status) in statuses.enumerated() {
            try SpecError.check("\(field)[\(index)]", status, in: Limits.statuses)
        }
    }

    static func checkHeaders(_ field: String, _ headers: [HTTPHeader]) throws(SpecError) {
        try SpecError.check(field + " (count)", headers.count, in: 0...Limits.maxListItems)
        for (index, header) in headers.enumerated() {
            guard HTTPToken.isToken(header.name), header.name.utf8.count <= Limits.maxNameBytes else {
                throw SpecError(field: "\(field)[\(index)].name", problem: "'\(PeerText.escape(header.name, limit: 80))' is not an HTTP header name (RFC 9110 token, at most \(Limits.maxNameBytes) bytes)")
            }
            try SpecError.checkText("\(field)[\(index)].value", header.value, maxLength: Limits.maxValueBytes)
        }
    }

    static func checkRequest(_ field: String, _ request: RequestSpec) throws(SpecError) {
        try SpecError.checkText(field + ".name", request.name, maxLength: Limits.maxNameBytes)
        guard RequestSpec.methods.contains(request.method) else {
            throw SpecError(field: field + ".method", problem: "'\(PeerText.escape(request.method, limit: 40))' is not one of \(RequestSpec.methods.sorted().joined(separator: ", "))")
        }
        try checkURL(field + ".url", request.url)
        try checkHeaders(field + ".headers", request.headers)
        try request.checks.validate(field + ".checks")
        if let sleep = request.sleep { try checkThinkTime(field + ".sleep", sleep) }
        try checkFlowRequest(field, request)
    }
}
