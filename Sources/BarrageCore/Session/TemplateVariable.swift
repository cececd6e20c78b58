/// One `${...}` of a template: a built-in, a data column, or a value extracted earlier in the
/// iteration. `${env.NAME}` never reaches this type: the coordinator substitutes it when the file
/// loads (its environment at start, sent to agents as literal text).
public enum TemplateVariable: Sendable, Hashable {
    /// `${vu}`: the VU's number in the whole test, from 1 (k6's `exec.vu.idInTest`).
    case vu
    /// `${iteration}`: the iteration's number in the whole test, from 0 (k6's `iterationInTest`).
    case iteration
    /// `${vuIteration}`: the VU's own iteration count, from 0.
    case vuIteration
    /// `${agent}`: the agent's index in the coordinator's list, from 0.
    case agent
    /// `${uuid}`: a random version-4 UUID.
    case uuid
    /// `${timestampMs}`: wall-clock milliseconds since the Unix epoch.
    case timestampMs
    /// `${randomInt(a,b)}`: a uniform integer in `a...b`.
    case randomInt(Int, Int)
    /// `${set.column}`: a column of the iteration's row of data set `set`.
    case data(set: String, column: String)
    /// `${name}`: a value an earlier request of the iteration extracted.
    case extracted(String)
    /// `${urlencode(name)}`: another variable's value percent-encoded (``PercentEncoding``), for
    /// a query or a form body.
    /// Only this case is boxed (`indirect`): the others stay inline, as before it existed.
    indirect case urlEncoded(TemplateVariable)

    /// The built-in names, for error messages.
    public static let builtInNames = ["vu", "iteration", "vuIteration", "agent", "uuid", "timestampMs", "randomInt(a,b)", "urlencode(name)", "env.NAME"]

    /// The source text, as written between `${` and `}`.
    public var source: String {
        switch self {
        case .vu: return "vu"
        case .iteration: return "iteration"
        case .vuIteration: return "vuIteration"
        case .agent: return "agent"
        case .uuid: return "uuid"
        case .timestampMs: return "timestampMs"
        case .randomInt(let low, let high): return "randomInt(\(low),\(high))"
        case .data(let set, let column): return "\(set).\(column)"
        case .extracted(let name): return name
        case .urlEncoded(let variable): return "urlencode(" + variable.source + ")"
        }
    }
}
