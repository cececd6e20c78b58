import Foundation

/// Plain TCP connections that connect and then say nothing: the cheapest flood a stranger can
/// aim at a listening port. Closed on ``close()`` or when dropped.
final class RawConnections: @unchecked Sendable {
    // Owned by one test task; the descriptors are only closed here.
    private(set) var sockets: [Int32] = []

    /// Opens `count` connections to `host:port` (non-blocking connects, so a full backlog does not
    /// stall the test). Raises this process's descriptor limit to its hard limit first.
    init(host: String, port: Int, count: Int) {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            guard fd >= 0 else { break }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr(host)
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            sockets.append(fd)
        }
    }

    /// How many connections the other end has closed: reading what it sent ends in end of file
    /// or a reset.
    var closedByPeer: Int {
        sockets.filter { fd in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let got = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                if got > 0 { continue }
                return got == 0 || errno == ECONNRESET
            }
        }.count
    }

    func close() {
        for fd in sockets { Glibc.close(fd) }
        sockets = []
    }

    deinit { close() }
}

/// What a child process uses, from `/proc`.
enum ProcessFigures {
    /// Resident memory in KiB (0 once the process is gone).
    static func rssKiB(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        return status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
            .flatMap { $0.split(separator: " ").dropFirst().first.flatMap { Int($0) } } ?? 0
    }

    /// How many descriptors the process has open (0 once it is gone).
    static func openDescriptors(_ pid: Int32) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? 0
    }

    /// User plus system CPU time in seconds (0 once the process is gone).
    static func cpuSeconds(_ pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")") else { return 0 }
        // Fields after the command name: state is 3rd overall, utime 14th, stime 15th.
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
