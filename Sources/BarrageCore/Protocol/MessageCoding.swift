// `internal`: Core does not hand Foundation on to the modules that import it.
internal import Foundation

/// Turns a ``Message`` into one line of the wire protocol and one frame back into a ``Message``.
///
/// A line is a JSON object with a `"type"` string and the payload's fields, then `\n`:
///
///     {"type":"ping","seq":3,"sent_micros":1718000000000000}\n
///
/// Foundation's `JSONEncoder`/`JSONDecoder` do the JSON (the one place Core uses Foundation; it
/// is pure value work). Every field has an explicit snake_case coding key, so no key strategy is
/// used: one would also rewrite the keys of `histograms` and `errors`.
public enum MessageCoding {
    /// Encodes `message` as one line: compact UTF-8 JSON followed by `\n`.
    ///
    /// JSON escapes control characters inside strings, so the line holds no other `\n`.
    /// - Throws: ``ProtocolError/unencodable(type:field:detail:)`` for values JSON cannot hold,
    ///   such as a NaN CPU percentage.
    public static func encode(_ message: Message) throws(ProtocolError) -> [UInt8] {
        // The heartbeat, every agent every second: the same bytes without JSONEncoder.
        if case .ping(let ping) = message { return HeartbeatFrameCoding.encode(ping) }
        return try encodeWithJSONEncoder(message)
    }

    /// Encodes with Foundation's `JSONEncoder` (sorted keys, slashes unescaped).
    static func encodeWithJSONEncoder(_ message: Message) throws(ProtocolError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            var line = [UInt8](try encoder.encode(message))
            line.append(UInt8(ascii: "\n"))
            return line
        } catch let error as EncodingError {
            guard case .invalidValue(let value, let context) = error else {
                throw .unencodable(type: message.kind.rawValue, field: "", detail: "\(error)")
            }
            throw .unencodable(
                type: message.kind.rawValue, field: fieldPath(context.codingPath),
                detail: "is \(value), which JSON cannot represent")
        } catch {
            throw .unencodable(type: message.kind.rawValue, field: "", detail: "\(error)")
        }
    }

    /// Decodes one frame (a line without its `\n`) into a message.
    ///
    /// Unknown fields are ignored, so a later minor revision may add fields without a version bump.
    /// - Throws: ``ProtocolError`` naming what was wrong: not JSON, not an object, no or unknown
    ///   `type`, or the missing or invalid field.
    ///
    /// A `sample` or `pong` in the compact form ``encode(_:)`` writes is read by
    /// ``SampleFrameDecoder`` or ``HeartbeatFrameCoding``; every other frame, and any outside
    /// that form, goes through `JSONDecoder`
    /// (``decodeWithJSONDecoder(_:)``), which gives the same value or the same error.
    public static func decode(_ frame: some Collection<UInt8>) throws(ProtocolError) -> Message {
        let fast = frame.withContiguousStorageIfAvailable { bytes -> Message? in
            if let sample = SampleFrameDecoder.decode(bytes) { return .sample(sample) }
            if let pong = HeartbeatFrameCoding.decodePong(bytes) { return .pong(pong) }
            return nil
        }
        if let message = fast ?? nil { return message }
        return try decodeWithJSONDecoder(frame)
    }

    /// Decodes one frame with Foundation's `JSONDecoder` and the payloads' `Codable` conformances.
    static func decodeWithJSONDecoder(_ frame: some Collection<UInt8>) throws(ProtocolError) -> Message {
        do {
            return try JSONDecoder().decode(Message.self, from: Data(frame))
        } catch let error as ProtocolError {
            throw error
        } catch let error as DecodingError {
            switch error {
            case .dataCorrupted(let context) where context.codingPath.isEmpty:
                let underlying = context.underlyingError.map { "\($0)" } ?? context.debugDescription
                throw .malformedJSON(detail: underlying)
            default:
                throw .malformedJSON(detail: "\(error)")
            }
        } catch {
            throw .malformedJSON(detail: "\(error)")
        }
    }

    /// Decodes one line of text (without its `\n`), e.g. a JSON example from docs/PROTOCOL.md.
    public static func decode(line: String) throws(ProtocolError) -> Message {
        try decode(Array(line.utf8))
    }

    /// Maps a payload's `DecodingError` to the ``ProtocolError`` that names the field.
    static func protocolError(_ error: DecodingError, type: String) -> ProtocolError {
        switch error {
        case .keyNotFound(let key, let context):
            return .missingField(type: type, field: fieldPath(context.codingPath + [key]))
        case .valueNotFound(_, let context):
            return .missingField(type: type, field: fieldPath(context.codingPath))
        case .typeMismatch(_, let context), .dataCorrupted(let context):
            return .invalidField(type: type, field: fieldPath(context.codingPath), detail: context.debugDescription)
        @unknown default:
            return .malformedJSON(detail: "\(error)")
        }
    }

    /// The number text in swift-foundation's `numberIsNotRepresentableInSwift(parsed:)` error, or
    /// `nil` for any other error.
    static func unrepresentableNumber(in error: any Error) -> String? {
        let mirror = Mirror(reflecting: error)
        guard mirror.displayStyle == .enum, let child = mirror.children.first,
            child.label == "numberIsNotRepresentableInSwift"
        else { return nil }
        if let text = child.value as? String { return text }
        return Mirror(reflecting: child.value).children.first { $0.label == "parsed" }?.value as? String
    }

    /// `spec.expected_statuses[2]` from a coding path.
    static func fieldPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue, key.stringValue.hasPrefix("Index ") {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return text
    }
}

/// The JSON shape of every message: the payload's fields plus `"type"` in one flat object.
extension Message: Codable {
    private enum TypeKey: String, CodingKey {
        case type
    }

    /// Reads `type`, then the payload of that type from the same object.
    ///
    /// - Throws: ``ProtocolError`` (not a `DecodingError`) for everything past "is it JSON", so
    ///   ``MessageCoding`` can name the message type in its error.
    public init(from decoder: any Decoder) throws {
        let container: KeyedDecodingContainer<TypeKey>
        do {
            container = try decoder.container(keyedBy: TypeKey.self)
        } catch {
            throw ProtocolError.notAnObject
        }
        let typeName: String
        do {
            guard let name = try container.decodeIfPresent(String.self, forKey: .type) else {
                throw ProtocolError.missingType
            }
            typeName = name
        } catch is DecodingError {
            throw ProtocolError.missingType
        }
        guard let kind = Kind(rawValue: typeName) else { throw ProtocolError.unknownType(typeName) }
        do {
            switch kind {
            case .hello: self = .hello(try Hello(from: decoder))
            case .auth: self = .auth(try Auth(from: decoder))
            case .authOk: self = .authOk(try AuthOk(from: decoder))
            case .ping: self = .ping(try Ping(from: decoder))
            case .pong: self = .pong(try Pong(from: decoder))
            case .prepare: self = .prepare(try Prepare(from: decoder))
            case .dataChunk: self = .dataChunk(try DataChunk(from: decoder))
            case .ready: self = .ready(try Ready(from: decoder))
            case .start: self = .start(try Start(from: decoder))
            case .started: self = .started(try Started(from: decoder))
            case .sample: self = .sample(try Sample(from: decoder))
            case .stop: self = .stop(try Stop(from: decoder))
            case .done: self = .done(try Done(from: decoder))
            case .error: self = .error(try ProtocolErrorMessage(from: decoder))
            case .runOnce: self = .runOnce(try RunOnce(from: decoder))
            case .onceDone: self = .onceDone(try OnceDone(from: decoder))
            }
        } catch let error as DecodingError {
            throw MessageCoding.protocolError(error, type: typeName)
        } catch let error as ProtocolError {
            throw error
        } catch {
            // swift-foundation reports a number that does not fit its Swift type with an internal
            // error that JSONDecoder later turns into "not valid JSON" at the root; catch it here,
            // where the message type is still known.
            guard let value = MessageCoding.unrepresentableNumber(in: error) else { throw error }
            throw ProtocolError.invalidNumber(type: typeName, value: value)
        }
    }

    /// Writes `type` and the payload's fields into one object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        try container.encode(kind.rawValue, forKey: .type)
        // The payload asks the same encoder for a keyed container, which JSONEncoder merges into
        // the object that already holds "type".
        switch self {
        case .hello(let payload): try payload.encode(to: encoder)
        case .auth(let payload): try payload.encode(to: encoder)
        case .authOk(let payload): try payload.encode(to: encoder)
        case .ping(let payload): try payload.encode(to: encoder)
        case .pong(let payload): try payload.encode(to: encoder)
        case .prepare(let payload): try payload.encode(to: encoder)
        case .dataChunk(let payload): try payload.encode(to: encoder)
        case .ready(let payload): try payload.encode(to: encoder)
        case .start(let payload): try payload.encode(to: encoder)
        case .started(let payload): try payload.encode(to: encoder)
        case .sample(let payload): try payload.encode(to: encoder)
        case .stop(let payload): try payload.encode(to: encoder)
        case .done(let payload): try payload.encode(to: encoder)
        case .error(let payload): try payload.encode(to: encoder)
        case .runOnce(let payload): try payload.encode(to: encoder)
        case .onceDone(let payload): try payload.encode(to: encoder)
        }
    }
}
