import BarrageCore

/// An operation's credentials from the document's security schemes, as `${env.NAME}` values the
/// coordinator fills in from its environment when the run starts (an unset one stops the run
/// with one line naming it): a bearer token, basic credentials (already base64), an API key in a
/// header, a query parameter or a cookie.
struct OpenAPISecurity {
    let document: OpenAPIDocument

    /// `${env.NAME}` as a template segment. Templates have no environment variable case (the
    /// coordinator substitutes it as text when the file loads), so it is written through a
    /// variable whose source text is `env.NAME`.
    static func environment(_ name: String) -> Template.Segment {
        .variable(.data(set: "env", column: name))
    }

    /// Headers, query parameters (name, variable) and the environment variables used.
    func credentials(for operation: [String: Any]) -> (headers: [(String, Template)], query: [(String, String)], variables: Set<String>) {
        let requirements = (operation["security"] as? [Any]) ?? (document.root["security"] as? [Any]) ?? []
        // The first requirement the scenario can meet (an empty one means "no credentials").
        guard let requirement = requirements.first as? [String: Any] else { return ([], [], []) }
        let schemes = (document.root["components"] as? [String: Any])?["securitySchemes"] as? [String: Any] ?? [:]
        var headers: [(String, Template)] = []
        var query: [(String, String)] = []
        var variables: Set<String> = []
        for name in requirement.keys.sorted() {
            guard let scheme = document.resolve(schemes[name]), let type = scheme["type"] as? String else { continue }
            let variable = Self.variableName(name)
            switch (type, (scheme["scheme"] as? String)?.lowercased(), scheme["in"] as? String) {
            case ("http", "basic", _):
                headers.append(("Authorization", Template(segments: [.text("Basic "), Self.environment(variable)])))
            case ("http", _, _), ("oauth2", _, _), ("openIdConnect", _, _):
                headers.append(("Authorization", Template(segments: [.text("Bearer "), Self.environment(variable)])))
            case ("apiKey", _, "header"):
                guard let header = scheme["name"] as? String, HTTPToken.isToken(header) else { continue }
                headers.append((header, Template(segments: [Self.environment(variable)])))
            case ("apiKey", _, "query"):
                guard let parameter = scheme["name"] as? String else { continue }
                query.append((FormEncoding.encode(parameter), variable))
            case ("apiKey", _, "cookie"):
                guard let cookie = scheme["name"] as? String, HTTPToken.isToken(cookie) else { continue }
                headers.append(("Cookie", Template(segments: [.text(cookie + "="), Self.environment(variable)])))
            default:
                continue
            }
            variables.insert(variable)
        }
        return (headers, query, variables)
    }

    /// `bearerAuth` -> `BEARERAUTH`: letters, digits and `_`, upper-case.
    static func variableName(_ scheme: String) -> String {
        let cleaned = String(scheme.unicodeScalars.map { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "_" }).uppercased()
        return cleaned.isEmpty || cleaned.first?.isNumber == true ? "API_" + cleaned : cleaned
    }
}
