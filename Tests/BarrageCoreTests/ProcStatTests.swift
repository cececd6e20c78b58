import Testing
@testable import BarrageCore

struct ProcStatTests {
    @Test func parsesHostCPU() throws {
        let text = "cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 50 0 25 400 25 0 0 0 0 0\n"
        let cpu = try #require(ProcStat.hostCPU(procStat: text))
        #expect(cpu.busy == 150)
        #expect(cpu.total == 1000)
    }

    @Test func parsesProcessCPUDespiteSpacesInName() {
        let text = "1234 (my (odd) name) S 1 1234 1234 0 -1 4194560 500 0 0 0 70 30 0 0 20 0 4 0 100 0 0"
        #expect(ProcStat.processCPU(procSelfStat: text) == 100)
        #expect(ProcStat.processCPU(procSelfStat: "garbage") == nil)
    }

    @Test func sumsExternalInterfacesAndFallsBackToLoopback() {
        let header = "Inter-|   Receive |  Transmit\n face |bytes packets errs drop fifo frame compressed multicast|bytes\n"
        let lo = "    lo: 1000 10 0 0 0 0 0 0 2000 10 0 0 0 0 0 0\n"
        let eth = "  eth0: 300 3 0 0 0 0 0 0 400 4 0 0 0 0 0 0\n veth1: 5 1 0 0 0 0 0 0 6 1 0 0 0 0 0 0\n"
        let both = ProcStat.networkBytes(procNetDev: header + lo + eth)
        #expect(both.rx == 305 && both.tx == 406)
        let loOnly = ProcStat.networkBytes(procNetDev: header + lo)
        #expect(loOnly.rx == 1000 && loOnly.tx == 2000)
    }
}
