import Foundation

/// A running process's peak memory and CPU time so far, from /proc: what a test asserts when a
/// peer tries to make `coord` allocate or spin.
struct ProcessUsage: Sendable {
    /// Peak resident set size (`VmHWM`), KiB.
    var peakRSSKiB = 0
    /// User plus system CPU time, seconds.
    var cpuSeconds = 0.0

    /// Reads `pid`'s usage; nil once it has exited (or on a system without /proc).
    static func read(pid: Int32) -> ProcessUsage? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return nil }
        var usage = ProcessUsage()
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            usage.peakRSSKiB = Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        // Fields after the command name: state is field 3, utime 14 and stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return usage }
        usage.cpuSeconds = (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
        return usage
    }
}

extension ChildProcess {
    /// Waits for the process to exit like ``waitForExit(timeout:)``, reading its usage every
    /// 50 ms: the last reading before it exited (peak RSS is a high-water mark, so it is exact;
    /// the CPU time misses at most the last 50 ms).
    /// - Parameter killAboveRSSKiB: kills the process once its peak RSS passes this (the test then
    ///   fails on the figure), so a regression cannot take the shared machine's memory.
    func waitForExitMeasuring(timeout: TimeInterval = 60, killAboveRSSKiB: Int = 1_000_000) async throws -> (status: Int32, usage: ProcessUsage) {
        let deadline = Date().addingTimeInterval(timeout)
        var usage = ProcessUsage()
        while isRunning {
            if let now = ProcessUsage.read(pid: pid), now.peakRSSKiB > 0 { usage = now }
            if usage.peakRSSKiB > killAboveRSSKiB { signal(SIGKILL) }
            if Date() > deadline {
                signal(SIGKILL)
                throw TestFailure("process did not exit within \(timeout)s; stderr: \(stderr)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return (try await waitForExit(timeout: 5), usage)
    }
}
