/// Why a frame could not be turned into a ``Message`` (or a message into a frame).
///
/// A peer that receives a bad frame answers with ``errorMessage(blaming:)`` and closes.
public enum ProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The frame is not valid UTF-8 JSON; the detail is the parser's.
    case malformedJSON(detail: String)
    /// The frame is valid JSON but not an object.
    case notAnObject
    /// The frame is a JSON object without a string `type`.
    case missingType
    /// The frame's `type` is not one ``Message/Kind`` knows.
    case unknownType(String)
    /// A required field (dotted path, e.g. `spec.url`) is absent or `null`.
    case missingField(type: String, field: String)
    /// A field (dotted path) has the wrong JSON type or an invalid value.
    case invalidField(type: String, field: String, detail: String)
    /// A number does not fit its field: negative for a count, fractional or too big for an integer.
    /// Foundation's decoder does not say which field, so the value is named instead.
    case invalidNumber(type: String, value: String)
    /// A frame grew past the maximum length before its `\n`.
    case frameTooLarge(lengthBytes: Int, limitBytes: Int)
    /// The connection ended in the middle of a frame.
    case truncatedFrame(lengthBytes: Int)
    /// A message could not be encoded (e.g. a NaN percentage).
    case unencodable(type: String, field: String, detail: String)

    public var description: String {
        switch self {
        case .malformedJSON(let detail):
            return "malformed frame: not valid JSON (\(detail)); expected one JSON object per line"
        case .notAnObject:
            return "malformed frame: expected a JSON object with a \"type\" string, but got another JSON value"
        case .missingType:
            return "malformed frame: the JSON object has no \"type\" string; every message needs one"
        case .unknownType(let type):
            let known = Message.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            return "unknown message type '\(type)'; expected one of \(known)"
        case .missingField(let type, let field):
            return "malformed '\(type)' message: missing field '\(field)'"
        case .invalidField(let type, let field, let detail):
            return "malformed '\(type)' message: invalid field '\(field)': \(detail)"
        case .invalidNumber(let type, let value):
            return "malformed '\(type)' message: the number \(value) does not fit its field; integer fields take whole numbers, and counts and sequence numbers are never negative"
        case .frameTooLarge(let length, let limit):
            return "frame too large: at least \(length) bytes before the newline, but the limit is \(limit) bytes"
        case .truncatedFrame(let length):
            return "connection closed in the middle of a frame: \(length) bytes without a terminating newline"
        case .unencodable(let type, let field, let detail):
            return "cannot encode '\(type)' message: field '\(field)' \(detail)"
        }
    }

    /// The `error` kind that reports this failure to the peer.
    public var errorKind: ProtocolErrorMessage.Kind {
        switch self {
        case .malformedJSON, .notAnObject, .missingType, .missingField, .invalidField, .invalidNumber, .truncatedFrame:
            return .malformedFrame
        case .unknownType: return .unknownType
        case .frameTooLarge: return .frameTooLarge
        case .unencodable: return .internal
        }
    }

    /// The `error` payload to send the peer whose frame failed to decode.
    ///
    /// - Parameter fault: the role of the peer that sent the bad frame (``ProtocolErrorMessage/Fault/client``
    ///   when the agent reports a coordinator's frame, ``ProtocolErrorMessage/Fault/server`` the other way).
    public func errorMessage(blaming fault: ProtocolErrorMessage.Fault) -> ProtocolErrorMessage {
        ProtocolErrorMessage(kind: errorKind, message: description, fault: fault)
    }
}
