import Testing
@testable import BarrageCore

struct ThresholdTests {
    @Test func parsesTheFlagForm() throws {
        let threshold = try Threshold.parse(flag: "http_req_duration:p(95)<500")
        #expect(threshold.metric == "http_req_duration")
        #expect(threshold.tags.isEmpty)
        #expect(threshold.expressions.map(\.source) == ["p(95)<500"])
        #expect(!threshold.abortOnFail)
        #expect(threshold.delayAbortEvalMicros == nil)
    }

    @Test func parsesSeveralExpressionsAndAbortSettings() throws {
        let threshold = try Threshold.parse(
            flag: " http_req_duration : p(95)<500, p(99) < 1500", abortOnFail: true, delayAbortEvalMicros: 10_000_000)
        #expect(threshold.expressions.map(\.source) == ["p(95)<500", "p(99) < 1500"])
        #expect(threshold.abortOnFail)
        #expect(threshold.delayAbortEvalMicros == 10_000_000)
        #expect(threshold.description == "http_req_duration: p(95)<500, p(99) < 1500")
    }

    @Test func parsesTagSelectors() throws {
        let byName = try Threshold.parse(flag: "http_req_duration{name:feed}:p(95)<500")
        #expect(byName.metric == "http_req_duration")
        #expect(byName.tags == [.init(key: "name", value: "feed")])
        #expect(byName.name == "http_req_duration{name:feed}")
        let several = try Threshold.parse(flag: "http_req_failed{status: \"200\", method:GET}:rate<0.01")
        #expect(several.tags == [.init(key: "status", value: "200"), .init(key: "method", value: "GET")])
    }

    @Test func parsesTheConfigForm() throws {
        let threshold = try Threshold.parse(metric: "checks", expressions: ["rate>0.99"])
        #expect(threshold.thresholdMetric == .checks)
    }

    @Test(arguments: [
        ("p(95)<500", ThresholdParseError.invalidFlag("p(95)<500")),
        (":p(95)<500", .invalidFlag(":p(95)<500")),
        ("http_req_duration:", .invalidFlag("http_req_duration:")),
        ("http_req_duration:p(95)<500,", .invalidFlag("http_req_duration:p(95)<500,")),
        ("http_req_duration{name}:p(95)<500", .invalidTagSelector("http_req_duration{name}")),
        ("http_req_duration{:x}:p(95)<500", .invalidTagSelector("http_req_duration{:x}")),
        ("http_req_duration{a:b:p(95)<500", .invalidFlag("http_req_duration{a:b:p(95)<500")),
        ("foo:p(95)<500", .unknownMetric("foo")),
        ("http_req_duration:p95<500", .unknownStat("p95<500", "p95")),
        ("http_reqs:p(95)<500", .unsupportedStat(metric: "http_reqs", stat: "p(95)", supported: "count and rate")),
        ("http_req_duration:rate<1", .unsupportedStat(metric: "http_req_duration", stat: "rate", supported: "avg, min, med, max and p(N)")),
        ("http_req_duration:count<1", .unsupportedStat(metric: "http_req_duration", stat: "count", supported: "avg, min, med, max and p(N)")),
        ("http_req_failed:count<1", .unsupportedStat(metric: "http_req_failed", stat: "count", supported: "rate")),
        ("checks:avg<1", .unsupportedStat(metric: "checks", stat: "avg", supported: "rate")),
        ("vus:rate<1", .unsupportedStat(metric: "vus", stat: "rate", supported: "value")),
        ("data_sent:value<1", .unsupportedStat(metric: "data_sent", stat: "value", supported: "count and rate")),
    ])
    func rejectsBadFlags(flag: String, error: ThresholdParseError) {
        #expect(throws: error) { try Threshold.parse(flag: flag) }
    }

    @Test func validationCatchesEmptyListsAndNegativeDelays() {
        #expect(throws: ThresholdParseError.noExpressions("checks")) {
            try Threshold.parse(metric: "checks", expressions: [])
        }
        #expect(throws: ThresholdParseError.negativeDelay("checks", -1)) {
            try Threshold.parse(metric: "checks", expressions: ["rate>0.9"], delayAbortEvalMicros: -1)
        }
    }

    @Test func everyMetricSupportsItsK6Stats() {
        #expect(ThresholdMetric.allNames.count == 19)
        for metric in ThresholdMetric.all {
            #expect(ThresholdMetric(name: metric.name) == metric)
            switch metric.kind {
            case .trend: #expect(metric.supports(.percentile(99.9)) && metric.supports(.med) && !metric.supports(.rate))
            case .rate: #expect(metric.supports(.rate) && !metric.supports(.count))
            case .counter: #expect(metric.supports(.count) && metric.supports(.rate) && !metric.supports(.value))
            case .gauge: #expect(metric.supports(.value) && !metric.supports(.count))
            }
        }
        #expect(ThresholdParseError.unknownMetric("foo").description.contains("http_req_duration, http_req_duration_corrected, http_req_failed"))
    }
}
