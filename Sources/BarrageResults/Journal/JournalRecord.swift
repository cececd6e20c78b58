import BarrageCore

/// One line of a run's journal (`journal.jsonl` in its results folder).
///
/// ```
/// {"type":"plan", "run_id":"k3f9a2", "spec":{...}, "agents":[...], ...}      first, once the split is known
/// {"type":"second", "seq":0, "agents":[{"name":"a1", "histograms":{...}, ...}], ...}   one per closed second
/// {"type":"late", "seq":2, "agent":{...}}        an agent's sample that arrived after its second closed
/// {"type":"note", "text":"agent a2 127.0.0.1:7072 lost at 4.1s (...)"}       a warning, when it was given
/// {"type":"end", "elapsed_micros":..., "notes":[...], ...}                     last, when the run finished
/// ```
/// Each line is written and flushed as it happens, so a coordinator killed mid-run leaves every
/// closed second behind.
public enum JournalRecord: Sendable, Equatable {
    case plan(JournalPlan)
    case second(JournalSecond)
    case late(JournalLate)
    /// A warning given during the run (an agent lost, a load-generator limit): a partial
    /// journal's summary still shows it.
    case note(JournalNote)
    case end(JournalEnd)

    /// The `type` string of the line.
    public var kind: String {
        switch self {
        case .plan: return "plan"
        case .second: return "second"
        case .late: return "late"
        case .note: return "note"
        case .end: return "end"
        }
    }
}

/// An agent's share of a second that had already closed when it arrived (an agent more than
/// three seconds behind): counted in the totals, not in the per-second series.
public struct JournalLate: Codable, Sendable, Equatable {
    public var seq: UInt64
    public var agent: JournalAgentSecond

    public init(seq: UInt64, agent: JournalAgentSecond) {
        self.seq = seq
        self.agent = agent
    }
}

/// One warning line, as the summary's notes show it.
public struct JournalNote: Codable, Sendable, Equatable {
    public var text: String

    public init(text: String) {
        self.text = text
    }
}

extension JournalRecord: Codable {
    private enum TypeKey: String, CodingKey {
        case type
    }

    // The payload's fields sit beside `type` on the same line, as in the wire protocol.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        try container.encode(kind, forKey: .type)
        switch self {
        case .plan(let plan): try plan.encode(to: encoder)
        case .second(let second): try second.encode(to: encoder)
        case .late(let late): try late.encode(to: encoder)
        case .note(let note): try note.encode(to: encoder)
        case .end(let end): try end.encode(to: encoder)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        let kind = try container.decode(String.self, forKey: .type)
        switch kind {
        case "plan": self = .plan(try JournalPlan(from: decoder))
        case "second": self = .second(try JournalSecond(from: decoder))
        case "late": self = .late(try JournalLate(from: decoder))
        case "note": self = .note(try JournalNote(from: decoder))
        case "end": self = .end(try JournalEnd(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "unknown record type '\(kind)' (plan, second, late, note or end)")
        }
    }
}
