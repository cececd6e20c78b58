import BarrageCore

/// An agent the coordinator runs on: a name for the summary, where it listens, and its share weight.
public struct AgentEndpoint: Sendable, Equatable {
    public var name: String
    public var host: String
    public var port: Int
    public var weight: Double
    /// The name is a placeholder from the agent's place in the list (`a1`, `a2`): the run shows the
    /// agent's own name (`coord agent --name L1`) instead when no other agent of the run has it.
    public var placeholderName: Bool

    public init(name: String, host: String, port: Int, weight: Double = 1, placeholderName: Bool = false) {
        self.name = name
        self.host = host
        self.port = port
        self.weight = weight
        self.placeholderName = placeholderName
    }

    public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Parses `host:port,host:port,...` (IPv6 as `[::1]:7070`); agents are named a1, a2, ... until
    /// they say their own names (``placeholderName``).
    /// - Throws: ``CoordinatorError/badAgentAddress(_:)`` naming the bad entry.
    public static func parseList(_ text: String) throws(CoordinatorError) -> [AgentEndpoint] {
        let entries = text.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !entries.isEmpty else { throw .badAgentAddress(text) }
        var endpoints: [AgentEndpoint] = []
        for (index, entry) in entries.enumerated() {
            let (host, port) = try parseAddress(entry)
            endpoints.append(AgentEndpoint(name: "a\(index + 1)", host: host, port: port, placeholderName: true))
        }
        return endpoints
    }

    /// Parses one `host:port` or `[v6]:port`; `listening` also allows port 0 (any free port).
    public static func parseAddress(_ entry: String, listening: Bool = false) throws(CoordinatorError) -> (host: String, port: Int) {
        let host: String
        let portText: Substring
        if entry.hasPrefix("[") {
            guard let close = entry.firstIndex(of: "]"), entry[entry.index(after: close)...].hasPrefix(":") else {
                throw .badAgentAddress(entry)
            }
            host = String(entry[entry.index(after: entry.startIndex)..<close])
            portText = entry[entry.index(close, offsetBy: 2)...]
        } else {
            guard let colon = entry.lastIndex(of: ":") else { throw .badAgentAddress(entry) }
            host = String(entry[..<colon])
            portText = entry[entry.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), ((listening ? 0 : 1)...65535).contains(port) else {
            throw .badAgentAddress(entry)
        }
        return (host, port)
    }
}
