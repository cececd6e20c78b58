import BarrageCore
import BarrageWire

/// `coord agents`: connects to each agent in parallel, runs the handshake and clock sync, and
/// reports who is there, without preparing anything.
public enum AgentRoster {
    /// One agent as `coord agents` lists it.
    public struct Entry: Sendable {
        public var endpoint: AgentEndpoint
        public var hello: Message.Hello?
        public var clock: ClockOffsetEstimator.Estimate?
        /// Why it could not be reached; nil when it answered.
        public var problem: String?

        public init(endpoint: AgentEndpoint, hello: Message.Hello?, clock: ClockOffsetEstimator.Estimate?, problem: String?) {
            self.endpoint = endpoint
            self.hello = hello
            self.clock = clock
            self.problem = problem
        }
    }

    /// Handshakes with every agent at once (never one by one).
    public static func check(_ endpoints: [AgentEndpoint], token: String) async throws -> [Entry] {
        let tls = try ControlChannelTLS(token: token)
        return await withTaskGroup(of: (Int, Entry).self) { group in
            for (index, endpoint) in endpoints.enumerated() {
                group.addTask {
                    let (commands, commandSink) = AsyncStream.makeStream(of: AgentCommand.self)
                    let (events, eventSink) = AsyncStream.makeStream(of: AgentEvent.self)
                    let client = Task {
                        await AgentClient.run(
                            index: index, endpoint: endpoint, token: token, tls: tls, coordinatorName: "coord-agents",
                            commands: commands, events: eventSink)
                        eventSink.finish()
                    }
                    var entry = Entry(endpoint: endpoint, hello: nil, clock: nil, problem: "no answer")
                    for await event in events {
                        if case .connected(_, let hello, let clock) = event {
                            entry = Entry(endpoint: endpoint, hello: hello, clock: clock, problem: nil)
                            break
                        }
                        if case .closed(_, let detail, let error) = event {
                            entry.problem = error?.description ?? detail
                            break
                        }
                    }
                    commandSink.yield(.close)
                    commandSink.finish()
                    await client.value
                    return (index, entry)
                }
            }
            var entries: [(Int, Entry)] = []
            for await result in group { entries.append(result) }
            var sorted = entries.sorted { $0.0 < $1.0 }.map(\.1)
            let named = AgentEndpoint.adoptingOwnNames(sorted.map(\.endpoint), own: sorted.map { $0.hello?.agentName })
            for index in sorted.indices { sorted[index].endpoint = named[index] }
            return sorted
        }
    }

    /// The table `coord agents` prints.
    public static func render(_ entries: [Entry]) -> String {
        var rows = [["agent", "address", "version", "cores", "state", "clock offset", "rtt"]]
        for entry in entries {
            guard let hello = entry.hello, let clock = entry.clock else {
                rows.append([entry.endpoint.name, entry.endpoint.address, "-", "-", "missing: " + PeerText.escape(entry.problem ?? "?", limit: 120), "-", "-"])
                continue
            }
            let state = hello.busyRunId.map { "busy (\(PeerText.escape($0, limit: 40)))" } ?? "idle"
            rows.append([
                entry.endpoint.name, entry.endpoint.address, "v\(hello.version)", "\(hello.cores)", state,
                (clock.offsetMicros < 0 ? "-" : "") + DurationFormatter.format(micros: Double(clock.offsetMicros.magnitude))
                    + " ±" + DurationFormatter.format(micros: Double(clock.uncertaintyMicros)),
                DurationFormatter.format(micros: Double(clock.roundTripMicros)),
            ])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
