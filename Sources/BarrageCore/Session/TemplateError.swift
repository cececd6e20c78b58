/// Why a `${...}` template was rejected (when the scenario file loads, or a `prepare` arrives).
public enum TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `${` without its `}`.
    case unclosed(String)
    /// A name that is no built-in, data column or earlier extraction.
    case unknownName(String, known: [String])
    /// A data set that exists, without this column.
    case unknownColumn(set: String, column: String, columns: [String])
    /// `randomInt(a,b)` with bounds that are not whole numbers `a <= b`.
    case badRandomInt(String)
    /// `urlencode(` without its `)`, or around another `urlencode(...)`.
    case badFunction(String)
    /// `${env.NAME}` with no such variable in the coordinator's environment.
    case unsetEnvironment(String)
    /// `${setup.NAME}` with no such value from the test's setup.
    case unsetSetupValue(String)

    public var description: String {
        switch self {
        case .unclosed(let text):
            return "unclosed '${' in \(Self.quoted(text)): expected ${name}, or $${ for a literal ${"
        case .unknownName(let name, let known):
            return "unknown variable '${\(name)}': expected a built-in (vu, iteration, vuIteration, agent, uuid, timestampMs, randomInt(a,b), urlencode(name), env.NAME)"
                + (known.isEmpty ? "" : ", a data column or a value extracted by an earlier request (\(known.joined(separator: ", ")))")
        case .unknownColumn(let set, let column, let columns):
            return "data set '\(set)' has no column '\(column)': its columns are \(columns.joined(separator: ", "))"
        case .badRandomInt(let text):
            return "invalid '${\(text)}': expected randomInt(a,b) with whole numbers a <= b"
        case .badFunction(let text):
            return "invalid '${\(text)}': expected urlencode(name) around one variable"
        case .unsetEnvironment(let name):
            return "'${env.\(name)}': the environment variable \(name) is not set"
        case .unsetSetupValue(let name):
            return "'${setup.\(name)}': the setup extracted no value named \(name)"
        }
    }

    static func quoted(_ text: String) -> String {
        "'" + (text.count > 60 ? String(text.prefix(57)) + "..." : text) + "'"
    }
}
