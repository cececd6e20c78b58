import Testing
@testable import BarrageCore
@testable import BarrageResults

struct ReportPageTests {
    private func data(title: String = "Barrage report", live: Bool = false) -> ReportData {
        ReportData(
            title: title, url: "http://127.0.0.1:1/</script>", live: live, agents: ["a", "b,1"], summary: "  run: x",
            seconds: [OutputFixtures.second()], elapsedMicros: 3_000_000, plannedMicros: 3_000_000, finished: !live,
            agentStatus: [.init(name: "a", state: "running", activeVUs: 20)])
    }

    @Test func pageIsSelfContained() {
        let html = ReportPage.html(data())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<style>") && html.contains("function drawChart"))
        // Nothing is fetched: no external scripts, stylesheets or images.
        #expect(!html.contains("src=") && !html.contains("<link") && !html.contains("https://"))
        #expect(html.contains(#"<body data-live="0">"#))
        #expect(ReportPage.html(data(live: true)).contains(#"<body data-live="1">"#))
    }

    @Test func embeddedDataCannotCloseTheScript() {
        let html = ReportPage.html(data(title: "a <b> & \"c\""))
        #expect(html.contains("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>"))
        #expect(html.split(separator: "</script>").count == 3)
        #expect(html.contains(#""url":"http://127.0.0.1:1/\u003c/script\u003e""#))
    }

    @Test func dataHoldsSeriesRequestsAndStatus() {
        var report = data()
        report.requests = [RequestRow(name: "feed", tags: ["method": "GET"], metrics: MetricsSnapshot(), elapsedMicros: 1_000_000)]
        let json = report.json()
        #expect(json.contains(#""seconds":[{"agents":{"a":"#))
        #expect(json.contains(#""requests":[{"avg_ms":0,"#))
        #expect(json.contains(#""tags":{"method":"GET"}"#))
        #expect(json.contains(#""status":{"agents":[{"name":"a","state":"running","vus":20}],"elapsed_seconds":3,"finished":true,"planned_seconds":3}"#))
    }
}
