import Testing
@testable import BarrageCore
@testable import BarrageResults

struct ProgressLineTests {
    let line = ProgressLine(
        elapsedMicros: 5_000_000, plannedMicros: 20_000_000, activeVUs: 1000, plannedVUs: 1000,
        iterations: 4823, requests: 4998, requestsPerSecond: 998.24, p95Micros: 12_300, errors: 2)

    @Test func rendersWithoutBar() {
        #expect(line.render() == "running (0m05.0s/0m20.0s)  1000/1000 VUs  4823 iterations done  4998 reqs  998.2 req/s  p95(10s)=12.3ms  2 failed")
    }

    @Test func rendersBarProportionally() {
        #expect(line.render(barWidth: 8).hasPrefix("running (0m05.0s/0m20.0s) [==>     ]  1000/1000"))
        var done = line
        done.elapsedMicros = 25_000_000
        #expect(done.render(barWidth: 4).contains("[====]"))
    }

    @Test func namesAgents() {
        var multi = line
        multi.agents = 3
        #expect(multi.render().contains("1000/1000 VUs  on 3 agents"))
    }

    /// An 80-column terminal: the line never reaches the last column (no wrap, so the in-place
    /// redraw leaves no debris); the bar shrinks first, then the least needed figures go, and
    /// the rate, p95 and failures stay.
    @Test(arguments: [200, 120, 80, 60, 40])
    func fitsTheTerminal(width: Int) {
        let big = ProgressLine(
            elapsedMicros: 5_000_000, plannedMicros: 20_000_000, activeVUs: 100_000, plannedVUs: 100_000, iterations: 123_456_789,
            requests: 987_654_321, requestsPerSecond: 1_234_567.8, p95Micros: 12_300, errors: 1_000_000, agents: 12)
        let text = big.render(barWidth: 30, width: width)
        #expect(text.count < width, "\(text.count) columns: \(text)")
        #expect(text.hasPrefix("running (0m05.0s/0m20.0s)"))
        if width >= 80 {
            #expect(text.contains("req/s") && text.contains("p95(10s)=12.3ms") && text.contains("1000000 failed"), "\(text)")
        }
        if width >= 200 { #expect(text.contains("[=======>") && text.contains("on 12 agents") && text.contains("iterations done")) }
        if width == 80 { #expect(!text.contains("on 12 agents"), "\(text)") }
    }

    @Test(arguments: [(Int64(0), "0m00.0s"), (61_500_000, "1m01.5s"), (180_000_000, "3m00.0s")])
    func formatsClock(micros: Int64, text: String) {
        #expect(ProgressLine.clock(micros) == text)
    }
}
