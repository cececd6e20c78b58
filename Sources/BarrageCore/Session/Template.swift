/// A string with `${...}` substitutions, compiled once into literal and variable segments.
///
/// `${name}` is a variable (``TemplateVariable``), `$${` is a literal `${`. A template without
/// variables is static: ``literal`` is its whole text and rendering it costs nothing.
///
/// ```
/// "/me?vu=${vu}&user=${users.name}"  ->  [.text("/me?vu="), .variable(.vu), .text("&user="), .variable(.data("users", "name"))]
/// ```
public struct Template: Sendable, Hashable {
    public enum Segment: Sendable, Hashable {
        case text(String)
        case variable(TemplateVariable)
    }

    public let segments: [Segment]

    /// The text of a static template (no variables), nil otherwise.
    public var literal: String? {
        switch segments.count {
        case 0: return ""
        case 1: if case .text(let text) = segments[0] { return text }
        default: break
        }
        return nil
    }

    public var isStatic: Bool { literal != nil }

    /// Every variable, in order.
    public var variables: [TemplateVariable] {
        segments.compactMap { segment in
            if case .variable(let variable) = segment { return variable }
            return nil
        }
    }

    public init(segments: [Segment]) {
        self.segments = segments
    }

    /// Compiles `text`, checking every name against `names`.
    /// - Parameter environment: the values of `${env.NAME}`, substituted now as text.
    /// - Throws: ``TemplateError`` for an unclosed `${`, an unknown name or a bad `randomInt`.
    public static func compile(
        _ text: String, names: TemplateNames, environment: [String: String] = [:]
    ) throws(TemplateError) -> Template {
        var segments: [Segment] = []
        var pending = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            pending += rest[..<dollar]
            let after = rest[dollar...].dropFirst()
            if after.hasPrefix("${") {
                pending += "${"
                rest = after.dropFirst(2)
            } else if after.hasPrefix("{") {
                guard let close = after.firstIndex(of: "}") else { throw .unclosed(text) }
                let name = String(after[after.index(after: after.startIndex)..<close])
                rest = after[after.index(after: close)...]
                if name.hasPrefix("env.") {
                    let key = String(name.dropFirst(4))
                    guard let value = environment[key] else { throw .unsetEnvironment(key) }
                    pending += value
                    continue
                }
                if !pending.isEmpty { segments.append(.text(pending)) }
                pending = ""
                segments.append(.variable(try variable(name.trimmed, names: names)))
            } else {
                pending += "$"
                rest = after
            }
        }
        pending += rest
        if !pending.isEmpty { segments.append(.text(pending)) }
        return Template(segments: segments)
    }

    /// The variable named `name`.
    static func variable(_ name: String, names: TemplateNames) throws(TemplateError) -> TemplateVariable {
        switch name {
        case "vu": return .vu
        case "iteration": return .iteration
        case "vuIteration": return .vuIteration
        case "agent": return .agent
        case "uuid": return .uuid
        case "timestampMs": return .timestampMs
        default: break
        }
        if name.hasPrefix("urlencode(") {
            let inner = name.dropFirst("urlencode(".count).dropLast().trimmed
            // One level: encoding twice is never what a server wants, and no recursion a file controls.
            guard name.hasSuffix(")"), !inner.hasPrefix("urlencode(") else { throw .badFunction(name) }
            return .urlEncoded(try variable(inner, names: names))
        }
        if name.hasPrefix("randomInt(") {
            guard name.hasSuffix(")") else { throw .badRandomInt(name) }
            let bounds = name.dropFirst("randomInt(".count).dropLast().split(separator: ",", omittingEmptySubsequences: false)
            guard bounds.count == 2, let low = Int(bounds[0].trimmed), let high = Int(bounds[1].trimmed), low <= high else {
                throw .badRandomInt(name)
            }
            return .randomInt(low, high)
        }
        if let dot = name.firstIndex(of: "."), let columns = names.dataColumns[String(name[..<dot])] {
            let set = String(name[..<dot])
            let column = String(name[name.index(after: dot)...])
            guard columns.contains(column) else { throw .unknownColumn(set: set, column: column, columns: columns) }
            return .data(set: set, column: column)
        }
        if names.extracted.contains(name) { return .extracted(name) }
        let known = names.dataColumns.keys.sorted().map { "\($0).<column>" } + names.extracted.sorted()
        throw .unknownName(name, known: known)
    }

    /// The template's source text (`$${` for literal `${`), as it would be written.
    public var source: String {
        segments.map { segment in
            switch segment {
            case .text(let text): return text.replacingAll("${", with: "$${")
            case .variable(let variable): return "${" + variable.source + "}"
            }
        }.joined()
    }

    /// Renders the template, asking `value` for each variable's text.
    public func render(_ value: (TemplateVariable) -> String) -> String {
        if let literal { return literal }
        var text = ""
        for segment in segments {
            switch segment {
            case .text(let part): text += part
            case .variable(let variable): text += value(variable)
            }
        }
        return text
    }
}

extension StringProtocol {
    var trimmed: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return String(self) }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
