import Testing
@testable import BarrageCore
@testable import BarrageResults

struct ProgressLineTests {
    let line = ProgressLine(
        elapsedMicros: 5_000_000, plannedMicros: 20_000_000, activeVUs: 1000, plannedVUs: 1000,
        iterations: 4823, requestsPerSecond: 998.24, p95Micros: 12_300, errors: 2)

    @Test func rendersWithoutBar() {
        #expect(line.render() == "running (0m05.0s/0m20.0s)  1000/1000 VUs  4823 iterations  998.2 req/s  p95=12.3ms  errors 2")
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
        #expect(multi.render().contains("1000/1000 VUs on 3 agents"))
    }

    @Test(arguments: [(Int64(0), "0m00.0s"), (61_500_000, "1m01.5s"), (180_000_000, "3m00.0s")])
    func formatsClock(micros: Int64, text: String) {
        #expect(ProgressLine.clock(micros) == text)
    }
}
