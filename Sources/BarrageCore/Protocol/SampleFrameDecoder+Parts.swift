/// The nested values of a `sample`: counters, histogram and check maps, series.
extension SampleFrameDecoder {
    private enum CounterField: Int, Key {
        static let all = allCases
        case httpReqs, httpReqFailed, iterations, dataReceivedBytes, dataSentBytes, checksPassed, checksFailed
        case droppedIterations, errors

        var name: StaticString {
            switch self {
            case .httpReqs: "http_reqs"
            case .httpReqFailed: "http_req_failed"
            case .iterations: "iterations"
            case .dataReceivedBytes: "data_received_bytes"
            case .dataSentBytes: "data_sent_bytes"
            case .checksPassed: "checks_passed"
            case .checksFailed: "checks_failed"
            case .droppedIterations: "dropped_iterations"
            case .errors: "errors"
            }
        }
    }

    /// ``Counters``: every field is required, as in its synthesized `Decodable`.
    static func counters(_ reader: inout Reader) throws(Decline) -> Counters {
        var counters = Counters()
        var seen: UInt32 = 0
        try reader.object { (reader: inout Reader, key: UnsafeBufferPointer<UInt8>) throws(Decline) in
            switch try claim(key, seen: &seen) as CounterField {
            case .httpReqs: counters.httpReqs = try reader.uint64()
            case .httpReqFailed: counters.httpReqFailed = try reader.uint64()
            case .iterations: counters.iterations = try reader.uint64()
            case .dataReceivedBytes: counters.dataReceivedBytes = try reader.uint64()
            case .dataSentBytes: counters.dataSentBytes = try reader.uint64()
            case .checksPassed: counters.checksPassed = try reader.uint64()
            case .checksFailed: counters.checksFailed = try reader.uint64()
            case .droppedIterations: counters.droppedIterations = try reader.uint64()
            case .errors: counters.errors = try errorCounts(&reader)
            }
        }
        guard seen == allKeys(CounterField.self) else { throw Decline() }
        return counters
    }

    /// `errors`: error kind -> count; an unknown kind declines (JSONDecoder reports it).
    private static func errorCounts(_ reader: inout Reader) throws(Decline) -> [ErrorKind: UInt64] {
        var errors: [ErrorKind: UInt64] = [:]
        try reader.object { (reader: inout Reader, key: UnsafeBufferPointer<UInt8>) throws(Decline) in
            guard let kind = ErrorKind(rawValue: String(decoding: key, as: UTF8.self)), errors[kind] == nil else {
                throw Decline()
            }
            errors[kind] = try reader.uint64()
        }
        return errors
    }

    /// An object of strings (`histograms`).
    static func stringMap(_ reader: inout Reader) throws(Decline) -> [String: String] {
        var map: [String: String] = [:]
        map.reserveCapacity(TrendMetric.allCases.count)
        try reader.object { (reader: inout Reader, key: UnsafeBufferPointer<UInt8>) throws(Decline) in
            guard let name = String(validating: key, as: UTF8.self) else { throw Decline() }
            let value = try reader.string()
            guard map.updateValue(value, forKey: name) == nil else { throw Decline() }
        }
        return map
    }

    /// `checks`: check name -> `{"passes","fails"}`, both required.
    static func checkMap(_ reader: inout Reader) throws(Decline) -> [String: CheckTally] {
        var map: [String: CheckTally] = [:]
        try reader.object { (reader: inout Reader, key: UnsafeBufferPointer<UInt8>) throws(Decline) in
            guard let name = String(validating: key, as: UTF8.self) else { throw Decline() }
            var tally = CheckTally()
            var seen: UInt32 = 0
            try reader.object { (reader: inout Reader, key: UnsafeBufferPointer<UInt8>) throws(Decline) in
                if Reader.equals(key, "passes"), seen & 1 == 0 {
                    seen |= 1
                    tally.passes = try reader.uint64()
                } else if Reader.equals(key, "fails"), seen & 2 == 0 {
                    seen |= 2
                    tally.fails = try reader.uint64()
                } else {
                    throw Decline()
                }
            }
            guard seen == 3, map.updateValue(tally, forKey: name) == nil else { throw Decline() }
        }
        return map
    }

    private enum SeriesField: Int, Key {
        static let all = allCases
        case name, method, status, counters, httpReqDuration

        var name: StaticString {
            switch self {
            case .name: "name"
            case .method: "method"
            case .status: "status"
            case .counters: "counters"
            case .httpReqDuration: "http_req_duration"
            }
        }
    }

    /// `series`: an array of ``SeriesSample``, every field required.
    static func seriesList(_ reader: inout Reader) throws(Decline) -> [SeriesSample] {
        try list(&reader, of: SeriesSample(name: "", method: "", status: 0, counters: Counters(), httpReqDuration: "")) {
            (reader: inout Reader, field: SeriesField, entry: inout SeriesSample) throws(Decline) in
            switch field {
            case .name: entry.name = try reader.string()
            case .method: entry.method = try reader.string()
            case .status: entry.status = try reader.int()
            case .counters: entry.counters = try counters(&reader)
            case .httpReqDuration: entry.httpReqDuration = try reader.string()
            }
        }
    }

    private enum ScenarioField: Int, Key {
        static let all = allCases
        case name, counters, httpReqDuration, iterationDuration

        var name: StaticString {
            switch self {
            case .name: "name"
            case .counters: "counters"
            case .httpReqDuration: "http_req_duration"
            case .iterationDuration: "iteration_duration"
            }
        }
    }

    /// `scenarios`: an array of ``ScenarioSample``, every field required.
    static func scenarioList(_ reader: inout Reader) throws(Decline) -> [ScenarioSample] {
        try list(&reader, of: ScenarioSample(name: "", counters: Counters(), httpReqDuration: "", iterationDuration: "")) {
            (reader: inout Reader, field: ScenarioField, entry: inout ScenarioSample) throws(Decline) in
            switch field {
            case .name: entry.name = try reader.string()
            case .counters: entry.counters = try counters(&reader)
            case .httpReqDuration: entry.httpReqDuration = try reader.string()
            case .iterationDuration: entry.iterationDuration = try reader.string()
            }
        }
    }

    private enum TagField: Int, Key {
        static let all = allCases
        case key, value, counters, httpReqDuration, groupDuration

        var name: StaticString {
            switch self {
            case .key: "key"
            case .value: "value"
            case .counters: "counters"
            case .httpReqDuration: "http_req_duration"
            case .groupDuration: "group_duration"
            }
        }
    }

    /// `tags`: an array of ``TagSample``, every field but `group_duration` required.
    static func tagList(_ reader: inout Reader) throws(Decline) -> [TagSample] {
        try list(&reader, of: TagSample(key: "", value: "", counters: Counters(), httpReqDuration: ""), optional: .groupDuration) {
            (reader: inout Reader, field: TagField, entry: inout TagSample) throws(Decline) in
            switch field {
            case .key: entry.key = try reader.string()
            case .value: entry.value = try reader.string()
            case .counters: entry.counters = try counters(&reader)
            case .httpReqDuration: entry.httpReqDuration = try reader.string()
            case .groupDuration: entry.groupDuration = try reader.string()
            }
        }
    }

    /// An array of objects, each read field by field (`read`) into a copy of `empty`; every field
    /// but `optional` must be there, each once.
    private static func list<Field: Key, Entry>(
        _ reader: inout Reader, of empty: Entry, optional: Field? = nil,
        _ read: (inout Reader, Field, inout Entry) throws(Decline) -> Void
    ) throws(Decline) -> [Entry] {
        let required = allKeys(Field.self) & ~(optional.map { UInt32(1) << $0.rawValue } ?? 0)
        var list: [Entry] = []
        try reader.array { (reader: inout Reader) throws(Decline) in
            var entry = empty
            var seen: UInt32 = 0
            try reader.object { (reader: inout Reader, key: UnsafeBufferPointer<UInt8>) throws(Decline) in
                try read(&reader, try claim(key, seen: &seen), &entry)
            }
            guard seen & required == required else { throw Decline() }
            list.append(entry)
        }
        return list
    }
}
