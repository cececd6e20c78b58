/// Compiles the text of an `if:` or `loop.while` into a ``FlowExpression``, checking every name.
///
/// ```
/// expr    := and ('||' and)*
/// and     := unary ('&&' unary)*
/// unary   := '!' unary | compare
/// compare := primary (('==' | '!=' | '<' | '<=' | '>' | '>=') primary)?
/// primary := NUMBER | 'text' | "text" | true | false | exists(NAME) | NAME | '(' expr ')'
/// NAME    := extracted | set.column | setup.NAME | vu | iteration | vuIteration | status
/// ```
///
/// Bounded for untrusted text: at most ``maximumBytes`` and ``maximumDepth`` levels of
/// parentheses and `!`, so a hostile file or `prepare` cannot exhaust the stack.
public struct FlowExpressionParser {
    public static let maximumBytes = 4_096
    public static let maximumDepth = 32

    private let bytes: [UInt8]
    private let source: String
    private var position = 0
    private var depth = 0
    private let names: TemplateNames
    private let setupNames: Set<String>

    /// - Parameters:
    ///   - names: extracted names and data columns the expression may use.
    ///   - setupNames: the names setup extracts (`setup.NAME`).
    /// - Throws: ``FlowExpressionError`` for a syntax error, an unknown name or a text too long.
    public static func parse(_ text: String, names: TemplateNames, setupNames: Set<String> = []) throws(FlowExpressionError) -> FlowExpression {
        guard text.utf8.count <= maximumBytes else { throw .tooLong(text.utf8.count) }
        var parser = FlowExpressionParser(bytes: Array(text.utf8), source: text, names: names, setupNames: setupNames)
        let expression = try parser.orExpression()
        parser.skipSpaces()
        guard parser.position == parser.bytes.count else { throw parser.syntax("unexpected \(parser.rest)") }
        return expression
    }

    private init(bytes: [UInt8], source: String, names: TemplateNames, setupNames: Set<String>) {
        self.bytes = bytes
        self.source = source
        self.names = names
        self.setupNames = setupNames
    }

    private mutating func orExpression() throws(FlowExpressionError) -> FlowExpression {
        var left = try andExpression()
        while take("||") { left = .or(left, try andExpression()) }
        return left
    }

    private mutating func andExpression() throws(FlowExpressionError) -> FlowExpression {
        var left = try unary()
        while take("&&") { left = .and(left, try unary()) }
        return left
    }

    private mutating func unary() throws(FlowExpressionError) -> FlowExpression {
        skipSpaces()
        if peek == UInt8(ascii: "!"), peek(1) != UInt8(ascii: "=") {
            position += 1
            try enter()
            defer { depth -= 1 }
            return .not(try unary())
        }
        return try comparison()
    }

    private mutating func comparison() throws(FlowExpressionError) -> FlowExpression {
        let left = try primary()
        skipSpaces()
        // Two-character operators first, so `<=` is not read as `<`.
        let ordered: [FlowExpression.Comparison] = [.equal, .notEqual, .lessOrEqual, .greaterOrEqual, .less, .greater]
        for comparison in ordered where take(comparison.rawValue) {
            return .compare(comparison, left, try primary())
        }
        return left
    }

    private mutating func primary() throws(FlowExpressionError) -> FlowExpression {
        skipSpaces()
        guard let byte = peek else { throw syntax("expected a value, a name or '(' at the end") }
        switch byte {
        case UInt8(ascii: "("):
            position += 1
            try enter()
            defer { depth -= 1 }
            let inner = try orExpression()
            guard take(")") else { throw syntax("expected ')' but found \(rest)") }
            return inner
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            position += 1
            let start = position
            while let next = peek, next != byte { position += 1 }
            guard peek == byte else { throw syntax("unclosed quote") }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            position += 1
            return .literal(text)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = position
            position += 1
            while let next = peek, Self.isNumberByte(next) { position += 1 }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            guard FlowExpression.number(text) != nil else { throw syntax("'\(text)' is not a number") }
            return .literal(text)
        default:
            let word = identifier()
            guard !word.isEmpty else { throw syntax("unexpected \(rest)") }
            switch word {
            case "true", "false": return .literal(word)
            case "exists":
                guard take("(") else { throw syntax("expected '(' after exists") }
                skipSpaces()
                let name = try resolve(identifier())
                guard take(")") else { throw syntax("expected ')' after exists(\(name)") }
                return .exists(name)
            default:
                return .name(try resolve(word))
            }
        }
    }

    /// The name a word refers to, checked against what the file declares.
    private func resolve(_ word: String) throws(FlowExpressionError) -> FlowName {
        switch word {
        case "vu": return .vu
        case "iteration": return .iteration
        case "vuIteration": return .vuIteration
        case "status": return .status
        case "": throw syntax("expected a name")
        default: break
        }
        let parts = word.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2 {
            if parts[0] == "setup" {
                guard setupNames.contains(parts[1]) else { throw .unknownName(word) }
                return .setup(parts[1])
            }
            guard let columns = names.dataColumns[parts[0]], columns.contains(parts[1]) else { throw .unknownName(word) }
            return .data(set: parts[0], column: parts[1])
        }
        guard names.extracted.contains(word) else { throw .unknownName(word) }
        return .extracted(word)
    }

    private mutating func enter() throws(FlowExpressionError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw .tooDeep }
    }

    private mutating func identifier() -> String {
        let start = position
        while let byte = peek, Self.isNameByte(byte) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func take(_ token: String) -> Bool {
        skipSpaces()
        let utf8 = Array(token.utf8)
        guard position + utf8.count <= bytes.count, Array(bytes[position..<position + utf8.count]) == utf8 else { return false }
        position += utf8.count
        return true
    }

    private mutating func skipSpaces() {
        while let byte = peek, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { position += 1 }
    }

    private var peek: UInt8? { peek(0) }
    private func peek(_ offset: Int) -> UInt8? { position + offset < bytes.count ? bytes[position + offset] : nil }

    /// The rest of the text from here, quoted and shortened for an error.
    private var rest: String {
        let text = String(decoding: bytes[position...].prefix(20), as: UTF8.self)
        return text.isEmpty ? "the end" : "'\(text)'"
    }

    private func syntax(_ problem: String) -> FlowExpressionError {
        .syntax(problem, column: position + 1, source: source)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ".") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

/// Why an expression does not compile.
public enum FlowExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    case syntax(String, column: Int, source: String)
    case unknownName(String)
    case tooLong(Int)
    case tooDeep

    public var description: String {
        switch self {
        case .syntax(let problem, let column, let source):
            let shown = source.count > 60 ? String(source.prefix(57)) + "..." : source
            return "invalid expression '\(PeerText.escape(shown, limit: 80))': \(problem) at column \(column)"
        case .unknownName(let name):
            return "unknown name '\(PeerText.escape(name, limit: 80))' in the expression: expected a name an extract: sets, a data column (set.column), setup.NAME, vu, iteration, vuIteration or status"
        case .tooLong(let bytes):
            return "the expression is \(bytes) bytes long, at most \(FlowExpressionParser.maximumBytes) are accepted"
        case .tooDeep:
            return "the expression nests more than \(FlowExpressionParser.maximumDepth) levels of '(' and '!'"
        }
    }
}
