/// The wire form of ``ExecutorConfig`` (docs/PROTOCOL.md, `prepare.spec.executor`): one flat
/// object named by k6's executor name, options in snake case, times in µs:
/// `{"executor":"ramping-vus","start_vus":0,"stages":[{"duration_micros":30000000,"target":100}],"graceful_ramp_down_micros":30000000}`.
extension ExecutorConfig: Codable {
    enum CodingKeys: String, CodingKey {
        case executor, vus, iterations, rate, stages
        case durationMicros = "duration_micros"
        case maxDurationMicros = "max_duration_micros"
        case startVUs = "start_vus"
        case gracefulRampDownMicros = "graceful_ramp_down_micros"
        case startRate = "start_rate"
        case timeUnitMicros = "time_unit_micros"
        case preAllocatedVUs = "pre_allocated_vus"
        case maxVUs = "max_vus"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let text = try c.decode(String.self, forKey: .executor)
        guard let name = ExecutorName(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .executor, in: c, debugDescription: "unknown executor '\(PeerText.escape(text, limit: 40))' (one of: \(ExecutorName.list))")
        }
        switch name {
        case .constantVUs:
            self = .constantVUs(vus: try c.decode(Int.self, forKey: .vus), durationMicros: try c.decode(Int64.self, forKey: .durationMicros))
        case .rampingVUs:
            self = .rampingVUs(
                startVUs: try c.decode(Int.self, forKey: .startVUs), stages: try c.decode([Stage].self, forKey: .stages),
                gracefulRampDownMicros: try c.decode(Int64.self, forKey: .gracefulRampDownMicros))
        case .constantArrivalRate:
            self = .constantArrivalRate(
                rate: try c.decode(Int.self, forKey: .rate), timeUnitMicros: try c.decode(Int64.self, forKey: .timeUnitMicros),
                durationMicros: try c.decode(Int64.self, forKey: .durationMicros),
                preAllocatedVUs: try c.decode(Int.self, forKey: .preAllocatedVUs), maxVUs: try c.decode(Int.self, forKey: .maxVUs))
        case .rampingArrivalRate:
            self = .rampingArrivalRate(
                startRate: try c.decode(Int.self, forKey: .startRate), timeUnitMicros: try c.decode(Int64.self, forKey: .timeUnitMicros),
                stages: try c.decode([Stage].self, forKey: .stages),
                preAllocatedVUs: try c.decode(Int.self, forKey: .preAllocatedVUs), maxVUs: try c.decode(Int.self, forKey: .maxVUs))
        case .perVUIterations:
            self = .perVUIterations(
                vus: try c.decode(Int.self, forKey: .vus), iterations: try c.decode(Int.self, forKey: .iterations),
                maxDurationMicros: try c.decode(Int64.self, forKey: .maxDurationMicros))
        case .sharedIterations:
            self = .sharedIterations(
                vus: try c.decode(Int.self, forKey: .vus), iterations: try c.decode(Int.self, forKey: .iterations),
                maxDurationMicros: try c.decode(Int64.self, forKey: .maxDurationMicros))
        }
        // k6's validation runs in ``RunSpec/validate()``: an executor that fails it is a
        // `bad_spec` answer with the connection kept, not a malformed frame.
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .executor)
        switch self {
        case .constantVUs(let vus, let duration):
            try c.encode(vus, forKey: .vus)
            try c.encode(duration, forKey: .durationMicros)
        case .rampingVUs(let startVUs, let stages, let gracefulRampDown):
            try c.encode(startVUs, forKey: .startVUs)
            try c.encode(stages, forKey: .stages)
            try c.encode(gracefulRampDown, forKey: .gracefulRampDownMicros)
        case .constantArrivalRate(let rate, let timeUnit, let duration, let preAllocated, let maxVUs):
            try c.encode(rate, forKey: .rate)
            try c.encode(timeUnit, forKey: .timeUnitMicros)
            try c.encode(duration, forKey: .durationMicros)
            try c.encode(preAllocated, forKey: .preAllocatedVUs)
            try c.encode(maxVUs, forKey: .maxVUs)
        case .rampingArrivalRate(let startRate, let timeUnit, let stages, let preAllocated, let maxVUs):
            try c.encode(startRate, forKey: .startRate)
            try c.encode(timeUnit, forKey: .timeUnitMicros)
            try c.encode(stages, forKey: .stages)
            try c.encode(preAllocated, forKey: .preAllocatedVUs)
            try c.encode(maxVUs, forKey: .maxVUs)
        case .perVUIterations(let vus, let iterations, let maxDuration), .sharedIterations(let vus, let iterations, let maxDuration):
            try c.encode(vus, forKey: .vus)
            try c.encode(iterations, forKey: .iterations)
            try c.encode(maxDuration, forKey: .maxDurationMicros)
        }
    }
}
