/// The payload of an `error` message, either direction (docs/PROTOCOL.md, "Errors").
///
/// After sending one the sender closes the connection, unless ``Kind/closesConnection`` is false:
/// the four answers to a `prepare` leave it open so the coordinator may send another `prepare`.
public struct ProtocolErrorMessage: Codable, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// The `auth` response did not match the challenge and token.
        case authFailed = "auth_failed"
        /// The peer speaks another protocol version; the message names both.
        case versionMismatch = "version_mismatch"
        /// The agent is preparing or running another run.
        case busy
        /// The agent's allow-list does not include the spec's target host.
        case targetNotAllowed = "target_not_allowed"
        /// The spec is invalid (bad URL, negative duration, ...).
        case badSpec = "bad_spec"
        /// The spec asks for more VUs than the agent's `max_vus`.
        case tooManyVUs = "too_many_vus"
        /// A frame is not a JSON object, or a field is missing or invalid.
        case malformedFrame = "malformed_frame"
        /// A frame exceeds the maximum frame length.
        case frameTooLarge = "frame_too_large"
        /// A frame's `type` is not one this version knows.
        case unknownType = "unknown_type"
        /// A well-formed message arrived out of order (e.g. `start` before `ready`, wrong `run_id`).
        case unexpectedMessage = "unexpected_message"
        /// The sender failed on its own (I/O, engine failure).
        case `internal`

        /// Whether the sender closes the connection after sending an error of this kind.
        ///
        /// The answers to a `prepare` (``busy``, ``targetNotAllowed``, ``badSpec``, ``tooManyVUs``)
        /// keep the connection authenticated and open; every other kind ends it.
        public var closesConnection: Bool {
            switch self {
            case .busy, .targetNotAllowed, .badSpec, .tooManyVUs: return false
            default: return true
            }
        }
    }

    /// Whose input or state caused the error, by protocol role, as memcached's CLIENT_ERROR and
    /// SERVER_ERROR do.
    public enum Fault: String, Codable, Sendable, CaseIterable {
        /// The coordinator (or its user's flags): a bad token, spec or frame from the coordinator.
        case client
        /// The agent: busy, failing, or sending a bad frame.
        case server
    }

    public var kind: Kind
    /// One line for the user: what was wrong, the value, and what is accepted.
    public var message: String
    public var fault: Fault

    public init(kind: Kind, message: String, fault: Fault) {
        self.kind = kind
        self.message = message
        self.fault = fault
    }

    /// `"<kind> (<fault> fault): <message>"`, e.g. for a log line.
    public var description: String { "\(kind.rawValue) (\(fault.rawValue) fault): \(message)" }
}
