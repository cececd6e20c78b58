import BarrageCore
import BarrageWire
import NIOCore
import NIOPosix

/// Join mode (`coord agent --join HOST:PORT`): the agent dials the coordinator instead of
/// listening, for agents behind NAT, security groups or in Kubernetes pods. Only the direction of
/// the TCP connection changes: the agent still plays the TLS server and the protocol's server, so
/// authentication, the dead-man switch, the allow-list and the limits are exactly as in listen mode.
///
/// It dials with backoff (1 s doubling to 10 s, ±20 % jitter) until a coordinator accepts, serves
/// that connection like any other, and joins again when it ends: after a run, after a refusal,
/// after a network failure.
public final class AgentDialer: Sendable {
    public let configuration: AgentConfiguration
    public let host: String
    public let port: Int
    private let tls: ControlChannelTLS
    private let slot = RunSlot()
    private let gate = ConnectionGate(limit: 1)

    /// - Throws: NIOSSL's error if TLS cannot be set up.
    public init(configuration: AgentConfiguration, host: String, port: Int) throws {
        self.configuration = configuration
        self.host = host
        self.port = port
        tls = try ControlChannelTLS(token: configuration.token)
    }

    /// The wait before attempt `attempt` (0-based) of a series of failed dials.
    public static func backoff(attempt: Int, unit: Double) -> Duration {
        let base = min(1.0 * Double(1 << min(attempt, 4)), 10.0)
        return .milliseconds(Int(base * (0.8 + 0.4 * unit) * 1000))
    }

    /// Dials and serves until the task is cancelled.
    public func run() async {
        var failures = 0
        while !Task.isCancelled {
            do {
                let connection = try await WireChannel.dialAsServer(host: host, port: port, tls: tls, timeout: .seconds(5))
                guard let id = gate.admit() else { continue }
                // Joined only once the coordinator proved the token, not when TCP connected.
                let (host, port, logging) = (host, port, configuration.logging)
                let authenticated = await AgentSession.serve(connection, id: id, configuration: configuration, slot: slot, gate: gate) {
                    if logging { AgentLog.info("joined the coordinator at \(host):\(port)") }
                }
                if logging, authenticated { AgentLog.info("left the coordinator at \(host):\(port); joining again") }
                // A coordinator that never authenticates (another token) is not dialed in a tight loop.
                failures = authenticated ? 0 : failures + 1
                try? await Task.sleep(for: Self.backoff(attempt: max(failures - 1, 0), unit: Double.random(in: 0..<1)))
            } catch {
                if configuration.logging, failures == 0 || failures.isMultiple(of: 10) {
                    AgentLog.info("cannot join \(host):\(port) yet (\(ControlChannelError.explain(error))); retrying")
                }
                let wait = Self.backoff(attempt: failures, unit: Double.random(in: 0..<1))
                failures += 1
                try? await Task.sleep(for: wait)
            }
        }
    }
}
