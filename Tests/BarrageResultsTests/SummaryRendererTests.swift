import Testing
@testable import BarrageCore
@testable import BarrageResults

/// Whole golden summaries for the reports in ``SummaryFixtures``; every expected value below was
/// worked out by hand from the recorded samples (see the fixture comments).
struct SummaryRendererTests {
    @Test func singleAgentWithoutErrors() {
        let text = SummaryRenderer().render(SummaryFixtures.singleAgent())
        #expect(text == """
          run: http://127.0.0.1:8080/api/posts/, 10 VUs, 1 agent, 10s planned, 10s elapsed

             checks...............: 100.00% ✓ 1000   ✗ 0
             data_received........: 48 MB   4.8 MB/s
             data_sent............: 95 kB   9.5 kB/s
             http_req_duration....: avg=1.5ms min=1ms med=1.49ms max=1.99ms p(90)=1.89ms p(95)=1.94ms p(99)=1.98ms
             http_req_failed......: 0.00%   ✓ 0      ✗ 1000
             http_reqs............: 1000    100/s
             iteration_duration...: avg=1.5s  min=1s  med=1s     max=2s     p(90)=2s     p(95)=2s     p(99)=2s
             iterations...........: 1000    100/s
             vus..................: 10      min=10   max=10
             vus_max..............: 10      min=10   max=10
        """)
    }

    @Test func errorsByKindAndInterruption() {
        let report = SummaryFixtures.singleAgent(errors: [.http5xx: 15, .timeout: 5, .dns: 0], interrupted: true)
        let text = SummaryRenderer().render(report)
        #expect(text == """
          run: http://127.0.0.1:8080/api/posts/, 10 VUs, 1 agent, 10s planned, 10s elapsed, interrupted (Ctrl-C)

             checks...............: 98.00% ✓ 980    ✗ 20
             data_received........: 48 MB  4.8 MB/s
             data_sent............: 95 kB  9.5 kB/s
             http_req_duration....: avg=1.5ms min=1ms med=1.49ms max=1.99ms p(90)=1.89ms p(95)=1.94ms p(99)=1.98ms
             http_req_failed......: 2.00%  ✓ 20     ✗ 980
             http_reqs............: 1000   100/s
             iteration_duration...: avg=1.5s  min=1s  med=1s     max=2s     p(90)=2s     p(95)=2s     p(99)=2s
             iterations...........: 1000   100/s
             vus..................: 10     min=10   max=10
             vus_max..............: 10     min=10   max=10

             errors by kind:
               http_5xx...: 15 1.50% of requests
               timeout....: 5  0.50% of requests
        """)
    }

    @Test func multiAgentWithLostAgentAndSkew() {
        let text = SummaryRenderer().render(SummaryFixtures.twoAgentsOneLost())
        #expect(text == """
          run: http://127.0.0.1:8080/api/posts/, 10 VUs, 2 agents, 10s planned, 10s elapsed

             checks...............: 98.80% ✓ 988    ✗ 12
             data_received........: 48 MB  4.8 MB/s
             data_sent............: 95 kB  9.5 kB/s
             http_req_duration....: avg=1.5ms min=1ms med=1.5ms max=1.99ms p(90)=1.85ms p(95)=1.92ms p(99)=1.98ms
             http_req_failed......: 1.20%  ✓ 12     ✗ 988
             http_reqs............: 1000   100/s
             iteration_duration...: avg=1.5s  min=1s  med=1s    max=2s     p(90)=2s     p(95)=2s     p(99)=2s
             iterations...........: 1000   100/s
             vus..................: 5      min=5    max=10
             vus_max..............: 10     min=10   max=10

             errors by kind:
               connection_reset...: 12 1.20% of requests

             agents:
               agent  address        VUs  req/s  received  CPU %  errors     p95  status
               a1     10.0.0.1:7070    5   70.0  3.4 MB/s   63.2       0  1.94ms  ok
               a2     10.0.0.2:7070    5   75.0  3.6 MB/s      -      12   1.5ms  LOST at 4.0s

             start skew across agents: 3.2ms (largest clock offset 400µs)
             note: agent a2 (10.0.0.2:7070) lost at 4.0s; its results up to then are included
        """)
    }

    @Test func phasesAndChosenTrendStats() {
        var report = SummaryFixtures.singleAgent()
        report.metrics.trends[.httpReqWaiting] = SummaryFixtures.histogram(Array(repeating: 800, count: 10))
        let renderer = SummaryRenderer(trendStats: [.avg, .max, .percentile(95)], showPhases: true, showHeader: false)
        #expect(renderer.render(report) == """
             checks.....................: 100.00% ✓ 1000   ✗ 0
             data_received..............: 48 MB   4.8 MB/s
             data_sent..................: 95 kB   9.5 kB/s
             http_req_blocked...........: avg=0s    max=0s     p(95)=0s
             http_req_connecting........: avg=0s    max=0s     p(95)=0s
             http_req_duration..........: avg=1.5ms max=1.99ms p(95)=1.94ms
             http_req_failed............: 0.00%   ✓ 0      ✗ 1000
             http_req_receiving.........: avg=0s    max=0s     p(95)=0s
             http_req_sending...........: avg=0s    max=0s     p(95)=0s
             http_req_tls_handshaking...: avg=0s    max=0s     p(95)=0s
             http_req_waiting...........: avg=800µs max=800µs  p(95)=800µs
             http_reqs..................: 1000    100/s
             iteration_duration.........: avg=1.5s  max=2s     p(95)=2s
             iterations.................: 1000    100/s
             vus........................: 10      min=10   max=10
             vus_max....................: 10      min=10   max=10
        """)
    }

    @Test func singleAgentTableOnlyWhenForced() {
        let report = SummaryFixtures.singleAgent()
        #expect(!SummaryRenderer().render(report).contains("agents:"))
        let forced = SummaryRenderer(alwaysShowAgents: true).render(report)
        #expect(forced.hasSuffix(
            """
                 agents:
                   agent  address          VUs  req/s  received  CPU %  errors     p95  status
                   local  127.0.0.1:40001   10  100.0  4.8 MB/s   12.5       0  1.94ms  ok
            """))
    }

    /// #23 item 9: 400 kB over 10 s is `40 kB/s` in the agents table, not `0.0 MB/s`.
    @Test func smallAgentRatesUseAUnitThatFits() {
        var report = SummaryFixtures.singleAgent()
        report.agents[0].metrics.counters.dataReceivedBytes = 400_000
        let text = SummaryRenderer(alwaysShowAgents: true).render(report)
        #expect(text.contains("  100.0   40 kB/s   12.5  "), "\(text)")
        #expect(!text.contains("MB/s recv") && !text.contains(" 0.0 "))
    }

    @Test func emptyRunPrintsZeros() {
        let report = RunReport(
            metrics: MetricsSnapshot(), elapsedMicros: 0, plannedDurationMicros: 30_000_000,
            vus: 0, vusMin: 0, vusMax: 0, url: SummaryFixtures.url)
        let text = SummaryRenderer(trendStats: [.avg, .med, .count], showHeader: false).render(report)
        #expect(text == """
                 checks...............: 0.00% ✓ 0   ✗ 0
                 data_received........: 0 B   0 B/s
                 data_sent............: 0 B   0 B/s
                 http_req_duration....: avg=0s med=0s count=0
                 http_req_failed......: 0.00% ✓ 0   ✗ 0
                 http_reqs............: 0     0/s
                 iteration_duration...: avg=0s med=0s count=0
                 iterations...........: 0     0/s
                 vus..................: 0     min=0 max=0
                 vus_max..............: 0     min=0 max=0
            """)
    }

    @Test func colorDecoratesWithoutChangingLayout() {
        let report = SummaryFixtures.twoAgentsOneLost()
        let plain = SummaryRenderer().render(report)
        let colored = SummaryRenderer(color: true).render(report)
        #expect(colored.contains("\u{1B}[36m98.80%\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[31mLOST at 4.0s\u{1B}[0m"))
        #expect(!plain.contains("\u{1B}"))
        #expect(Self.strippingEscapes(colored) == plain)
    }

    /// `text` without ANSI SGR sequences (`ESC [ ... m`).
    static func strippingEscapes(_ text: String) -> String {
        var result = ""
        var inEscape = false
        for character in text {
            if character == "\u{1B}" { inEscape = true; continue }
            if inEscape { if character == "m" { inEscape = false }; continue }
            result.append(character)
        }
        return result
    }
}
