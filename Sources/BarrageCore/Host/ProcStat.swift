/// Parsers for the /proc files an agent samples: CPU time of the process and the host, and bytes
/// through the network interfaces. Pure text in, numbers out; the agent does the reading.
public enum ProcStat {
    /// Host CPU jiffies from the `cpu ` line of `/proc/stat`: (busy, total).
    public static func hostCPU(procStat text: String) -> (busy: UInt64, total: UInt64)? {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        guard fields.count >= 4 else { return nil }
        let total = fields.reduce(0, +)
        // idle + iowait are not busy.
        let idle = fields[3] + (fields.count > 4 ? fields[4] : 0)
        return (total - idle, total)
    }

    /// Process CPU jiffies (utime + stime) from `/proc/self/stat`.
    public static func processCPU(procSelfStat text: String) -> UInt64? {
        // The command name may hold spaces and parentheses: fields start after the last ')'.
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After ')' come state (field 3) ... utime is field 14 and stime 15 overall: indexes 11, 12 here.
        guard fields.count > 12, let user = UInt64(fields[11]), let system = UInt64(fields[12]) else { return nil }
        return user + system
    }

    /// Received and transmitted bytes summed over every interface but loopback, from `/proc/net/dev`.
    /// When loopback is the only interface (a single-machine test) it is counted, so the figures are
    /// never silently zero.
    public static func networkBytes(procNetDev text: String) -> (rx: UInt64, tx: UInt64) {
        var external: (rx: UInt64, tx: UInt64) = (0, 0)
        var loopback: (rx: UInt64, tx: UInt64) = (0, 0)
        var sawExternal = false
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: " ")
            let fields = line[line.index(after: colon)...].split(separator: " ").compactMap { UInt64($0) }
            guard fields.count >= 9 else { continue }
            if name == "lo" {
                loopback = (fields[0], fields[8])
            } else {
                sawExternal = true
                external.rx += fields[0]
                external.tx += fields[8]
            }
        }
        return sawExternal ? external : loopback
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        String(self.drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
