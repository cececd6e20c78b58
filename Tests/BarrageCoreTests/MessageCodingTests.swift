import Testing
@testable import BarrageCore

struct MessageCodingTests {
    /// One message of every kind, with non-default values in every field.
    static let examples: [Message] = {
        var counters = Counters()
        counters.httpReqs = 1200
        counters.httpReqFailed = 7
        counters.iterations = 1199
        counters.dataReceivedBytes = 3_400_000
        counters.dataSentBytes = 98_000
        counters.checksPassed = 1193
        counters.checksFailed = 7
        counters.errors = [.timeout: 3, .http5xx: 4]
        let spec = RunSpec(
            url: "http://127.0.0.1:8080/feed?page=2", vus: 250, durationMicros: 30_000_000,
            thinkTime: .uniform(minMicros: 500_000, maxMicros: 1_500_000), timeoutMicros: 10_000_000,
            gracefulStopMicros: 5_000_000, expectedStatuses: [200, 204], threads: 2)
        let sample = Message.Sample(
            runId: "run-42", seq: 0, intervalStartMicros: 1_718_000_001_000_120, intervalMicros: 1_000_000,
            counters: counters, histograms: ["http_req_duration": "HISTFAAAABx4nJNpmSzMwMDAwQABzFCaEUQAAA==="],
            activeVUs: 250, processCPUPercent: 143.5, hostCPUPercent: 37.25,
            netRxBytes: 9_876_543_210, netTxBytes: 123_456_789, loopLagMicros: 850)
        var once = spec
        once.executor = .sharedIterations(vus: 1, iterations: 1, maxDurationMicros: RunSpec.SetupLimits.maxRunMicros)
        once.setupValues = ["adminToken": "tok-1"]
        return [
            .hello(.init(agentName: "agent-1", challenge: String(repeating: "ab", count: 32), maxVUs: 5000, cores: 8)),
            .auth(.init(coordinatorName: "laptop", response: String(repeating: "0f", count: 32))),
            .authOk(.init()),
            .ping(.init(seq: 3, sentMicros: 1_718_000_000_000_000)),
            .pong(.init(seq: 3, sentMicros: 1_718_000_000_000_000, agentMicros: 1_718_000_000_000_450)),
            .prepare(.init(runId: "run-42", agentIndex: 1, spec: spec)),
            .ready(.init(runId: "run-42")),
            .start(.init(runId: "run-42", startAtMicros: 1_718_000_001_000_000)),
            .started(.init(runId: "run-42", startedAtMicros: 1_718_000_001_000_120)),
            .sample(sample),
            .stop(.init(runId: "run-42", gracefulStopMicros: 0)),
            .done(.init(runId: "run-42", reason: .coordinatorLost, samplesSent: 31)),
            .error(.init(kind: .tooManyVUs, message: "the spec asks for 9000 VUs, but this agent accepts at most 5000", fault: .client)),
            .dataChunk(.init(runId: "run-42", set: "users", firstRow: 2, rows: [["ann", "pw,1"], ["bob", "\"quoted\""]])),
            .runOnce(.init(runId: "run-42-teardown", stage: .teardown, spec: once)),
            .onceDone(.init(runId: "run-42-setup", stage: .setup, values: ["adminToken": "tok-1"], sample: sample)),
        ]
    }()

    private static func text(_ message: Message) throws -> String {
        String(decoding: try MessageCoding.encode(message), as: UTF8.self)
    }

    private static func decodeError(_ line: String) -> ProtocolError? {
        do {
            _ = try MessageCoding.decode(line: line)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        (#"{"type":"data_chunk","run_id":"r","set":"u","first_row":-1,"rows":[["a"]]}"#, "first_row"),
        (#"{"type":"data_chunk","run_id":"r","set":"u","first_row":0,"rows":[]}"#, "rows"),
    ])
    func dataChunkFieldsAreRangeChecked(line: String, field: String) {
        guard case .invalidField("data_chunk", field, _) = Self.decodeError(line) else {
            Issue.record("accepted or misreported: \(String(describing: Self.decodeError(line)))")
            return
        }
    }

    @Test func examplesCoverEveryKind() {
        #expect(Set(Self.examples.map(\.kind)) == Set(Message.Kind.allCases))
    }

    @Test(arguments: MessageCodingTests.examples)
    func roundTrips(message: Message) throws {
        let line = try MessageCoding.encode(message)
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(line.dropLast().contains(UInt8(ascii: "\n")) == false)
        #expect(try MessageCoding.decode(line.dropLast()) == message)
    }

    @Test func encodesTypeAndSnakeCaseFields() throws {
        let ping = try Self.text(.ping(.init(seq: 1, sentMicros: 5)))
        #expect(ping == #"{"sent_micros":5,"seq":1,"type":"ping"}"# + "\n")
        #expect(try Self.text(.authOk(.init())) == #"{"type":"auth_ok"}"# + "\n")
    }

    @Test func encodesErrorsAsObjectAndThinkTimeFlat() throws {
        let sample = try Self.text(Self.examples[9])
        #expect(sample.contains(#""errors":{"http_5xx":4,"timeout":3}"#))
        #expect(sample.contains(#""http_req_duration":"HISTFAAAABx4nJNpmSzMwMDAwQABzFCaEUQAAA==="#))
        let prepare = try Self.text(Self.examples[5])
        #expect(prepare.contains(#""think_time":{"max_micros":1500000,"min_micros":500000}"#))
        #expect(prepare.contains(#""url":"http://127.0.0.1:8080/feed?page=2""#))
        var spec = RunSpec(url: "http://h/", vus: 1, durationMicros: 1)
        spec.thinkTime = .fixed(micros: 250_000)
        let fixed = try Self.text(.prepare(.init(runId: "r", agentIndex: 0, spec: spec)))
        #expect(fixed.contains(#""think_time":{"fixed_micros":250000}"#))
    }

    @Test func ignoresUnknownFields() throws {
        let message = try MessageCoding.decode(line: #"{"type":"ready","run_id":"r1","extra":[1,2]}"#)
        #expect(message == .ready(.init(runId: "r1")))
    }

    @Test func unknownTypeIsNamed() {
        let error = Self.decodeError(#"{"type":"reboot","now":true}"#)
        #expect(error == .unknownType("reboot"))
        #expect(error?.description.contains("'reboot'") == true)
        #expect(error?.description.contains("auth_ok") == true)
        #expect(error?.errorKind == .unknownType)
    }

    @Test(arguments: [#"{"type":"ping","seq":1"#, "not json", "", #"{"type":"ping"}}"#])
    func malformedJSONIsRejected(line: String) {
        guard case .malformedJSON = Self.decodeError(line) else {
            Issue.record("expected malformedJSON for \(line), got \(String(describing: Self.decodeError(line)))")
            return
        }
    }

    @Test func invalidUTF8IsMalformed() {
        let frame: [UInt8] = Array(#"{"type":"ready","run_id":""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
        #expect(throws: ProtocolError.self) { try MessageCoding.decode(frame) }
    }

    @Test func otherJSONValuesAreNotObjects() {
        #expect(Self.decodeError("[1,2]") == .notAnObject)
        #expect(Self.decodeError(#""ping""#) == .notAnObject)
    }

    @Test func missingOrNonStringTypeIsReported() {
        #expect(Self.decodeError(#"{"seq":1}"#) == .missingType)
        #expect(Self.decodeError(#"{"type":7}"#) == .missingType)
        #expect(Self.decodeError(#"{"type":null}"#) == .missingType)
    }

    @Test func missingFieldIsNamed() {
        let error = Self.decodeError(#"{"type":"ping","seq":1}"#)
        #expect(error == .missingField(type: "ping", field: "sent_micros"))
        #expect(error?.description == "malformed 'ping' message: missing field 'sent_micros'")
        #expect(error?.errorKind == .malformedFrame)
        #expect(Self.decodeError(#"{"type":"ready","run_id":null}"#) == .missingField(type: "ready", field: "run_id"))
    }

    @Test func missingNestedFieldIsNamedWithItsPath() {
        let line = #"{"type":"prepare","run_id":"r","agent_index":0,"spec":{"vus":1,"duration_micros":1,"#
            + #""think_time":{"fixed_micros":0},"timeout_micros":1,"graceful_stop_micros":0,"#
            + #""expected_statuses":[],"threads":0}}"#
        #expect(Self.decodeError(line) == .missingField(type: "prepare", field: "spec.url"))
    }

    @Test(arguments: [
        (#"{"type":"ping","seq":"one","sent_micros":0}"#, "ping", "seq"),
        (#"{"type":"done","run_id":"r","reason":"finished","samples_sent":1}"#, "done", "reason"),
        (#"{"type":"error","kind":"oops","message":"m","fault":"client"}"#, "error", "kind"),
        (#"{"type":"error","kind":"busy","message":"m","fault":"nobody"}"#, "error", "fault"),
    ])
    func invalidFieldsAreNamed(line: String, type: String, field: String) {
        let error = Self.decodeError(line)
        guard case .invalidField(type, field, _) = error else {
            Issue.record("expected invalid \(type).\(field), got \(String(describing: error))")
            return
        }
    }

    @Test(arguments: [
        (#"{"type":"ping","seq":-1,"sent_micros":0}"#, "-1"),
        (#"{"type":"ping","seq":1.5,"sent_micros":0}"#, "1.5"),
        (#"{"type":"ready","run_id":"r","x":1,"y":2}"#, nil),
        (#"{"type":"done","run_id":"r","reason":"stopped","samples_sent":99999999999999999999999}"#, "99999999999999999999999"),
    ] as [(String, String?)])
    func numbersThatDoNotFitAreNamed(line: String, value: String?) {
        let error = Self.decodeError(line)
        guard let value else {
            #expect(error == nil)
            return
        }
        guard case .invalidNumber(_, value) = error else {
            Issue.record("expected invalid number \(value), got \(String(describing: error))")
            return
        }
        #expect(error?.errorKind == .malformedFrame)
    }

    @Test func invalidNestedValuesAreNamed() {
        let prepare = #"{"type":"prepare","run_id":"r","agent_index":0,"spec":{"url":"http://h/","vus":1,"#
            + #""duration_micros":1,"think_time":{"min_micros":9,"max_micros":3},"timeout_micros":1,"#
            + #""graceful_stop_micros":0,"expected_statuses":[200,"x"],"threads":0}}"#
        let error = Self.decodeError(prepare)
        guard case .invalidField("prepare", let field, let detail) = error else {
            Issue.record("bad think_time accepted or misreported: \(String(describing: error))")
            return
        }
        #expect(field == "spec.think_time.max_micros")
        #expect(detail.contains("9..3"))

        let statuses = prepare.replacingOccurrences(of: #""min_micros":9"#, with: #""min_micros":1"#)
        guard case .invalidField("prepare", "spec.expected_statuses[1]", _) = Self.decodeError(statuses) else {
            Issue.record("string status accepted or misreported: \(String(describing: Self.decodeError(statuses)))")
            return
        }
    }

    @Test func unknownErrorKindInCountersIsInvalid() throws {
        var line = try Self.text(Self.examples[9])
        line = line.replacingOccurrences(of: #""timeout":3"#, with: #""gremlins":3"#)
        guard case .invalidField("sample", let field, _) = Self.decodeError(String(line.dropLast())) else {
            Issue.record("unknown error kind accepted or misreported")
            return
        }
        #expect(field.hasPrefix("counters.errors"))
    }

    @Test func nonFiniteNumbersCannotBeEncoded() {
        guard case .sample(var sample) = Self.examples[9] else { Issue.record("examples[9] is not a sample"); return }
        sample.processCPUPercent = .nan
        let error = #expect(throws: ProtocolError.self) { try MessageCoding.encode(.sample(sample)) }
        guard case .unencodable("sample", "process_cpu_percent", _) = error else {
            Issue.record("NaN reported as \(String(describing: error))")
            return
        }
    }

    @Test func errorDescriptionsAreOneLine() {
        let errors: [ProtocolError] = [
            .malformedJSON(detail: "x"), .notAnObject, .missingType, .unknownType("x"),
            .missingField(type: "ping", field: "seq"), .invalidField(type: "ping", field: "seq", detail: "x"),
            .invalidNumber(type: "ping", value: "-1"), .frameTooLarge(lengthBytes: 5, limitBytes: 4), .truncatedFrame(lengthBytes: 3),
            .unencodable(type: "sample", field: "host_cpu_percent", detail: "is nan"),
        ]
        for error in errors {
            #expect(!error.description.contains("\n"), "\(error)")
            let payload = error.errorMessage(blaming: .server)
            #expect(payload.message == error.description && payload.fault == .server)
        }
    }

    @Test func onlyPrepareAnswersKeepTheConnection() {
        let open = ProtocolErrorMessage.Kind.allCases.filter { !$0.closesConnection }
        #expect(Set(open) == [.busy, .targetNotAllowed, .badSpec, .tooManyVUs])
    }
}
