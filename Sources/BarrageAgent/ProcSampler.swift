import BarrageCore
#if canImport(Glibc)
import Glibc
#endif

/// Samples the agent's CPU and network from /proc once per interval, as percentages and
/// cumulative byte counters. Missing files (not Linux) read as zero rather than failing a run.
struct ProcSampler {
    struct Reading: Sendable {
        /// This process's CPU use, as a percentage of all the machine's cores (100 = all busy).
        var processCPUPercent: Double
        var hostCPUPercent: Double
        var netRxBytes: UInt64
        var netTxBytes: UInt64
    }

    private var lastProcess: UInt64?
    private var lastHost: (busy: UInt64, total: UInt64)?
    private var lastMicros: Int64 = 0
    private let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
    private let cores = Double(max(sysconf(Int32(_SC_NPROCESSORS_ONLN)), 1))

    mutating func sample(nowMicros: Int64) -> Reading {
        let process = ProcStat.processCPU(procSelfStat: Self.read("/proc/self/stat"))
        let host = ProcStat.hostCPU(procStat: Self.read("/proc/stat"))
        let net = ProcStat.networkBytes(procNetDev: Self.read("/proc/net/dev"))
        var reading = Reading(processCPUPercent: 0, hostCPUPercent: 0, netRxBytes: net.rx, netTxBytes: net.tx)
        let elapsedSeconds = Double(nowMicros - lastMicros) / 1e6
        if let process, let lastProcess, elapsedSeconds > 0 {
            let seconds = Double(process &- lastProcess) / ticksPerSecond
            reading.processCPUPercent = min(seconds / elapsedSeconds / cores * 100, 100)
        }
        if let host, let lastHost, host.total > lastHost.total {
            reading.hostCPUPercent = Double(host.busy &- lastHost.busy) / Double(host.total - lastHost.total) * 100
        }
        lastProcess = process
        lastHost = host
        lastMicros = nowMicros
        return reading
    }

    /// Reads a whole /proc file (their size reads as 0, so read until EOF).
    static func read(_ path: String) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
