import Testing
@testable import BarrageCore

/// A sample's tag parts (groups and request tags) are checked like its scenario parts: only the
/// run's own, each once, counters in range, group_duration only on a group.
struct SampleTagsTests {
    static let group = Threshold.Tag(key: "group", value: "::checkout")
    static let kind = Threshold.Tag(key: "kind", value: "write")

    func sample(_ tags: [TagSample]) -> Message.Sample {
        var sample = Message.Sample(
            runId: "r", seq: 1, intervalStartMicros: 0, intervalMicros: 1_000_000, counters: Counters(), histograms: [:],
            activeVUs: 2, processCPUPercent: 10, hostCPUPercent: 5, netRxBytes: 0, netTxBytes: 0, loopLagMicros: 0)
        sample.tags = tags
        return sample
    }

    func part(_ tag: Threshold.Tag, groupDuration: String? = nil) -> TagSample {
        TagSample(key: tag.key, value: tag.value, counters: Counters(), httpReqDuration: "", groupDuration: groupDuration)
    }

    func problem(_ tags: [TagSample]) -> String? {
        var check = SampleCheck(requestNames: ["order"], checkNames: [], maxVUs: 10, tags: [Self.group, Self.kind])
        return check.problem(with: sample(tags))
    }

    @Test func theRunsOwnPartsPass() {
        #expect(problem([part(Self.group, groupDuration: ""), part(Self.kind)]) == nil)
        #expect(problem([]) == nil)
    }

    @Test func hostilePartsAreNamed() {
        #expect(problem([part(Threshold.Tag(key: "group", value: "::invented\u{1b}"))])?.contains("\\u{1b}") == true)
        #expect(problem([part(Self.kind), part(Self.kind)])?.contains("repeated") == true)
        #expect(problem([part(Self.group), part(Self.kind), part(Self.kind)])?.contains("3 tag parts") == true)
        #expect(problem([part(Self.kind, groupDuration: "")])?.contains("not a group") == true)
        var counted = part(Self.group)
        counted.counters.httpReqs = .max
        #expect(problem([counted])?.contains("tag counters.http_reqs") == true)
        // A run without groups or request tags accepts none.
        var none = SampleCheck(requestNames: ["order"], checkNames: [], maxVUs: 10)
        #expect(none.problem(with: sample([part(Self.group)])) != nil)
    }

    @Test func theSpecListsItsGroupsAndRequestTags() {
        var order = RequestSpec(name: "order", url: "http://127.0.0.1:9/order")
        order.tags = [HTTPHeader(name: "kind", value: "write")]
        var spec = RunSpec(url: "http://127.0.0.1:9/", vus: 1, durationMicros: 1_000_000)
        #expect(spec.metricTags.isEmpty)
        spec.flows = [
            "default": [.call("buy")],
            "buy": [.group(FlowGroup(name: "checkout", steps: [.request(order)]))],
        ]
        #expect(spec.metricTags == [Self.group, Self.kind])
    }
}
