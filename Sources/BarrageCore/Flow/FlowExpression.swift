/// A compiled `if:` or `loop.while` expression: names, literals, comparisons, `&&`, `||`, `!`
/// and `exists(name)` (syntax in ``FlowExpressionParser``).
///
/// Values are text. A comparison is numeric when both sides read as finite numbers, textual
/// otherwise; `true`/`false` are the texts `true`/`false`. A value used as a condition on its
/// own holds unless it is missing, empty, `false` or `0`.
public indirect enum FlowExpression: Sendable, Equatable {
    case literal(String)
    case name(FlowName)
    case exists(FlowName)
    case not(FlowExpression)
    case and(FlowExpression, FlowExpression)
    case or(FlowExpression, FlowExpression)
    case compare(Comparison, FlowExpression, FlowExpression)

    public enum Comparison: String, Sendable, CaseIterable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    }

    /// Whether the expression holds, reading names through `values`.
    @inlinable
    public func holds<Values: FlowValues>(_ values: Values) -> Bool {
        switch self {
        case .literal, .name:
            guard let text = value(values) else { return false }
            return !(text.isEmpty || text == "false" || text == "0")
        case .exists(let name): return values.value(of: name) != nil
        case .not(let inner): return !inner.holds(values)
        case .and(let left, let right): return left.holds(values) && right.holds(values)
        case .or(let left, let right): return left.holds(values) || right.holds(values)
        case .compare(let comparison, let left, let right):
            let a = left.value(values) ?? ""
            let b = right.value(values) ?? ""
            let order: Int
            if let x = Self.number(a), let y = Self.number(b) {
                order = x < y ? -1 : (x > y ? 1 : 0)
            } else {
                order = a < b ? -1 : (a > b ? 1 : 0)
            }
            switch comparison {
            case .equal: return order == 0
            case .notEqual: return order != 0
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            case .greaterOrEqual: return order >= 0
            }
        }
    }

    /// The text of an operand: a literal, a name's value (nil when missing), or a nested
    /// condition as `true`/`false`.
    @usableFromInline
    func value<Values: FlowValues>(_ values: Values) -> String? {
        switch self {
        case .literal(let text): return text
        case .name(let name): return values.value(of: name)
        case .exists, .not, .and, .or, .compare: return holds(values) ? "true" : "false"
        }
    }

    /// A finite number, or nil (`nan`, `inf` and text are not numbers).
    @usableFromInline
    static func number(_ text: String) -> Double? {
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
              let value = Double(text), value.isFinite else { return nil }
        return value
    }
}

/// What a flow expression can name.
public enum FlowName: Sendable, Hashable, CustomStringConvertible {
    /// A value an `extract:` took (this iteration's, or the VU's with `scope: vu`).
    case extracted(String)
    /// `set.column`: a column of the iteration's row of a data set.
    case data(set: String, column: String)
    /// `setup.NAME`: a value the test's setup extracted.
    case setup(String)
    /// The VU's number in the whole test, from 1.
    case vu
    /// The iteration's number in the whole test, from 0.
    case iteration
    /// The VU's own iteration count, from 0.
    case vuIteration
    /// The last response's status in this iteration; 0 before one or after a failure.
    case status

    public var description: String {
        switch self {
        case .extracted(let name), .setup(let name): return self == .setup(name) ? "setup." + name : name
        case .data(let set, let column): return "\(set).\(column)"
        case .vu: return "vu"
        case .iteration: return "iteration"
        case .vuIteration: return "vuIteration"
        case .status: return "status"
        }
    }
}

/// Where an expression reads names: the engine's VU (or a test's fake).
public protocol FlowValues {
    /// The value of `name` now, or nil when it has none (not extracted yet, no setup value).
    func value(of name: FlowName) -> String?
}
