import Testing
@testable import BarrageCore

/// A request's checks come from a peer in `prepare`: ``RunSpec/validate()`` range-checks every
/// check kind (``RequestChecks/validate(_:)``) and names the first field out of range.
struct RequestChecksValidationTests {
    /// The field `validate()` names for one request with `checks`, or nil when it passes.
    static func refusedField(_ checks: RequestChecks) -> String? {
        var spec = RunSpec(url: "http://127.0.0.1:8080/", vus: 1, durationMicros: 1_000_000)
        spec.requests = [RequestSpec(name: "r", url: "http://127.0.0.1:8080/", checks: checks)]
        do {
            try spec.validate()
            return nil
        } catch {
            return error.field
        }
    }

    static let long = String(repeating: "x", count: RunSpec.Limits.maxValueBytes + 1)

    @Test(arguments: [
        (RequestChecks(statuses: [99]), "spec.requests[0].checks.statuses[0]"),
        (RequestChecks(statuses: Array(repeating: 200, count: RunSpec.Limits.maxListItems + 1)), "spec.requests[0].checks.statuses (count)"),
        (RequestChecks(bodyContains: [long]), "spec.requests[0].checks.body_contains[0]"),
        (RequestChecks(bodyNotContains: ["ok", long]), "spec.requests[0].checks.body_not_contains[1] (bytes)"),
        (RequestChecks(headerEquals: [HTTPHeader(name: "Bad Name", value: "v")]), "spec.requests[0].checks.header_equals[0].name"),
        (RequestChecks(headerEquals: [HTTPHeader(name: "X", value: "a\r\nb")]), "spec.requests[0].checks.header_equals[0].value"),
        (RequestChecks(json: [.init(path: "no-dollar", value: "1")]), "spec.requests[0].checks.json[0].path"),
        (RequestChecks(json: [.init(path: "$.a", value: long)]), "spec.requests[0].checks.json[0].value (bytes)"),
        (RequestChecks(durationBelowMicros: 0), "spec.requests[0].checks.duration_below_micros"),
        (RequestChecks(durationBelowMicros: .max), "spec.requests[0].checks.duration_below_micros"),
    ])
    func refusesEachKindOutOfRange(checks: RequestChecks, field: String) {
        #expect(Self.refusedField(checks) == field)
    }

    @Test func acceptsEveryKindInRange() {
        let checks = RequestChecks(
            statuses: [200, 204], bodyContains: ["posts"], bodyNotContains: ["error"], headerEquals: [HTTPHeader(name: "Content-Type", value: "application/json")],
            json: [.init(path: "$.state", value: "ok")], durationBelowMicros: 500_000)
        #expect(Self.refusedField(checks) == nil)
        #expect(Self.refusedField(RequestChecks()) == nil)
    }
}
