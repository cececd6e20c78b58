/// `${env.NAME}` substituted in a template's source text, leaving everything else as written: how
/// the coordinator keeps a scenario's own `env:` names for the agents, and how an agent fills
/// them in for that scenario's VUs.
extension Template {
    /// `text` with each `${env.NAME}` replaced by `environment[NAME]` (its `${` written `$${`),
    /// except the names in `keeping`, left as `${env.NAME}`.
    /// - Throws: ``TemplateError/unclosed(_:)`` for a `${` without `}`, and
    ///   ``TemplateError/unsetEnvironment(_:)`` for a name in neither.
    public static func substitutingEnvironment(
        _ text: String, _ environment: [String: String], keeping: Set<String> = []
    ) throws(TemplateError) -> String {
        try substituting(prefix: "env.", in: text, environment, keeping: keeping, unset: TemplateError.unsetEnvironment)
    }

    /// `text` with each `${PREFIX NAME}` (`${env.X}`, `${setup.X}`) replaced by `values[NAME]`
    /// (its `${` written `$${`), except the names in `keeping`; other variables stay as written.
    /// - Throws: ``TemplateError/unclosed(_:)``, and `unset(NAME)` for a name in neither.
    public static func substituting(
        prefix: String, in text: String, _ values: [String: String], keeping: Set<String> = [],
        unset: (String) -> TemplateError
    ) throws(TemplateError) -> String {
        guard text.contains("${") else { return text }
        var result = ""
        try scan(text) { (part: SourcePart) throws(TemplateError) in
            switch part {
            case .text(let literal):
                result += literal
            case .escaped:
                result += "$${"
            case .variable(let inner) where inner.hasPrefix(prefix):
                let key = String(inner.dropFirst(prefix.count))
                if keeping.contains(key) {
                    result += "${" + prefix + key + "}"
                } else if let value = values[key] {
                    result += value.replacingAll("${", with: "$${")
                } else {
                    throw unset(key)
                }
            case .variable(let inner):
                result += "${" + inner + "}"
            case .unclosed:
                throw .unclosed(text)
            }
        }
        return result
    }

    /// The `${env.NAME}` names `text` uses, in order of first use.
    public static func environmentNames(in text: String) -> [String] { names(prefix: "env.", in: text) }

    /// The `${PREFIX NAME}` names `text` uses (`env.`, `setup.`), in order of first use.
    public static func names(prefix: String, in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let range = rest.firstRange(of: "${" + prefix) {
            // `$${env.X}` is a literal, not a use.
            let escaped = range.lowerBound > text.startIndex && text[text.index(before: range.lowerBound)] == "$"
            rest = rest[range.upperBound...]
            guard let close = rest.firstIndex(of: "}") else { break }
            let name = String(rest[..<close])
            if !escaped, !names.contains(name) { names.append(name) }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}

extension RequestSpec {
    /// Every field a template may be in (URL, header values, body, `bodyContains`, header checks).
    public var templatedTexts: [String] {
        [url] + headers.map(\.value) + (body.map { [$0] } ?? []) + checks.bodyContains + checks.headerEquals.map(\.value)
    }

    /// The request with `${env.NAME}` substituted in every templated field.
    /// - Throws: ``TemplateError`` as ``Template/substitutingEnvironment(_:_:keeping:)``.
    public func substitutingEnvironment(_ environment: [String: String], keeping: Set<String> = []) throws(TemplateError) -> RequestSpec {
        try mappingTemplatedTexts { text throws(TemplateError) in
            try Template.substitutingEnvironment(text, environment, keeping: keeping)
        }
    }

    /// The request with `change` applied to every templated field (``templatedTexts``).
    public func mappingTemplatedTexts(_ substitute: (String) throws(TemplateError) -> String) throws(TemplateError) -> RequestSpec {
        var copy = self
        copy.url = try substitute(url)
        for index in copy.headers.indices { copy.headers[index].value = try substitute(copy.headers[index].value) }
        if let body { copy.body = try substitute(body) }
        for index in copy.checks.bodyContains.indices { copy.checks.bodyContains[index] = try substitute(copy.checks.bodyContains[index]) }
        for index in copy.checks.headerEquals.indices {
            copy.checks.headerEquals[index].value = try substitute(copy.checks.headerEquals[index].value)
        }
        return copy
    }
}
