import BarrageCore
import BarrageWire
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The session keys of a scenario file: `http:`, `cookies:`, a request's `extract:`, and the
/// `${...}` templates in its values, each checked when the file loads (names, JSONPaths,
/// regular expressions), so that a bad one is `file:line: key: ...` and exit 2, not a failed run.
extension ScenarioFile {
    static let httpKeys = [
        "version", "insecureSkipTLSVerify", "tlsCA", "tlsClientCert", "tlsClientKey", "maxRedirects", "compression",
        "discardResponseBodies",
    ]
    /// The keys of one `extract:` entry.
    enum ExtractKey: String, CaseIterable {
        case json, regex, header, cookie, scope
    }

    /// What a template may name here, and the coordinator's environment for `${env.NAME}`.
    struct TemplateScope {
        var names: TemplateNames
        var environment: [String: String]
        /// Names some scenario's `env:` sets: their `${env.NAME}` stays for the agents to fill in.
        var deferred: Set<String> = []
        /// The names `setup:` extracts: their `${setup.NAME}` stays for the agents to fill in.
        var setupNames: Set<String> = []
    }

    /// Compiles the template in `text` at `node` and returns its source with `${env.*}`
    /// substituted (but the ``TemplateScope/deferred`` names): what travels to the agents, which
    /// compile it again.
    static func template(_ text: String, at node: ScenarioNode, scope: TemplateScope) throws(ScenarioFileError) -> String {
        do {
            // `${setup.NAME}` of a name setup extracts is compiled as text here and kept.
            let checked = try Template.substituting(
                prefix: "setup.", in: text, Dictionary(uniqueKeysWithValues: scope.setupNames.map { ($0, "x") }),
                unset: TemplateError.unsetSetupValue)
            guard !scope.deferred.isEmpty || checked != text else {
                return try Template.compile(text, names: scope.names, environment: scope.environment).source
            }
            var environment = scope.environment
            for name in scope.deferred { environment[name] = "" }
            _ = try Template.compile(checked, names: scope.names, environment: environment)
            return try Template.substitutingEnvironment(text, scope.environment, keeping: scope.deferred)
        } catch {
            throw node.error(error.description)
        }
    }

    /// A templated URL whose scheme, host and port are literal (the agent's allow-list checks them).
    static func checkLiteralAuthority(_ url: String, at node: ScenarioNode) throws(ScenarioFileError) {
        let afterScheme = url.split(separator: "://", maxSplits: 1).last ?? ""
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.contains("${") else {
            throw node.error("the scheme, host and port can't be templated (the agents' allow-list checks them): put ${...} in the path or query")
        }
    }

    /// `cookies: perIteration | perVU | off`.
    static func cookies(_ node: ScenarioNode) throws(ScenarioFileError) -> SessionSpec.CookieMode {
        let text = try node.string("perIteration, perVU or off")
        guard let mode = SessionSpec.CookieMode(rawValue: text) else {
            throw node.error("expected perIteration, perVU or off, got \(node.kind)")
        }
        return mode
    }

    /// `http: {version, insecureSkipTLSVerify, tlsCA, tlsClientCert, tlsClientKey, maxRedirects, compression, discardResponseBodies}`.
    static func http(_ node: ScenarioNode, baseDirectory: String) throws(ScenarioFileError) -> HTTPOptions {
        let fields = try node.mapping("a mapping of HTTP options, e.g. {version: \"2\", maxRedirects: 10}")
        try fields.rejectUnknownKeys(accepting: httpKeys)
        var options = HTTPOptions()
        if let versionNode = fields["version"] {
            guard let version = HTTPOptions.Version(rawValue: try versionNode.scalar("\"1.1\" or \"2\"")) else {
                throw versionNode.error("expected \"1.1\" or \"2\", got \(versionNode.kind)")
            }
            options.version = version
        }
        options.insecureSkipTLSVerify = try fields["insecureSkipTLSVerify"]?.bool() ?? false
        options.tlsCAPEM = try fields["tlsCA"].map { node throws(ScenarioFileError) in try pem(node, baseDirectory: baseDirectory) }
        options.tlsClientCertPEM = try fields["tlsClientCert"].map { node throws(ScenarioFileError) in try pem(node, baseDirectory: baseDirectory) }
        options.tlsClientKeyPEM = try fields["tlsClientKey"].map { node throws(ScenarioFileError) in try pem(node, baseDirectory: baseDirectory) }
        if (options.tlsClientCertPEM == nil) != (options.tlsClientKeyPEM == nil) {
            throw node.error("tlsClientCert and tlsClientKey go together: set both")
        }
        if let redirects = fields["maxRedirects"] {
            options.maxRedirects = try redirects.wholeNumber(minimum: 0)
            guard options.maxRedirects <= HTTPOptions.maximumRedirects else {
                throw redirects.error("expected at most \(HTTPOptions.maximumRedirects) redirects, got \(redirects.kind)")
            }
        }
        options.compression = try fields["compression"]?.bool() ?? false
        options.discardResponseBodies = try fields["discardResponseBodies"]?.bool() ?? false
        return options
    }

    /// A PEM file's text (relative to the scenario file), at most ``HTTPOptions/maximumPEMBytes``.
    /// Only a regular file (a FIFO would block for ever), its size checked before it is read.
    static func pem(_ node: ScenarioNode, baseDirectory: String) throws(ScenarioFileError) -> String {
        let path = try node.string("a file path")
        let resolved = path.hasPrefix("/") || baseDirectory.isEmpty ? path : baseDirectory + "/" + path
        let data: Data
        do throws(RegularFileError) {
            data = try RegularFile.read(resolved, maxBytes: HTTPOptions.maximumPEMBytes)
        } catch {
            throw node.error("can't read PEM file '\(resolved)': \(error.description)")
        }
        guard data.count <= HTTPOptions.maximumPEMBytes, let text = String(data: data, encoding: .utf8) else {
            throw node.error("expected a PEM file (-----BEGIN ...) of at most \(HTTPOptions.maximumPEMBytes) bytes")
        }
        // The agent's own check, so a file that passes here is never refused there.
        do { try RunSpec.checkPEM("PEM file '\(resolved)'", text) } catch { throw node.error(error.description) }
        return text
    }

    /// `extract: {token: {json: "$.access_token"}, csrf: {regex: '...'}, next: {header: Location}, xsrf: {cookie: csrftoken}}`.
    static func extractions(_ node: ScenarioNode) throws(ScenarioFileError) -> [Extraction] {
        var extractions: [Extraction] = []
        for entry in try node.mapping("a mapping of names to {json: ...}, {regex: ...}, {header: ...} or {cookie: ...}").entries {
            guard isVariableName(entry.key) else {
                throw entry.value.error("invalid name '\(entry.key)': expected letters, digits and _ (not starting with a digit), not a built-in")
            }
            let fields = try entry.value.mapping("one of {json: \"$.path\"}, {regex: '...(...)...'}, {header: Name}, {cookie: name}")
            try fields.rejectUnknownKeys(of: ExtractKey.self)
            let source: Extraction.Source
            switch try fields.oneOf([ExtractKey.json, .regex, .header, .cookie].map(\.rawValue)) {
            case ("json", let pathNode)?:
                let path = try pathNode.string("a JSONPath such as $.access_token")
                do {
                    _ = try JSONPath(path)
                } catch {
                    throw pathNode.error(error.description)
                }
                source = .json(path)
            case ("regex", let patternNode)?:
                let pattern = try patternNode.string("a regular expression with a capture group")
                try checkRegex(pattern, at: patternNode)
                source = .regex(pattern)
            case ("cookie", let cookieNode)?:
                let cookie = try cookieNode.string("a cookie name")
                guard HTTPToken.isToken(cookie) else { throw cookieNode.error("expected a cookie name (letters, digits, !#$%&'*+-.^_`|~), got '\(cookie)'") }
                source = .cookie(cookie)
            case (_, let headerNode)?:
                source = .header(try headerNode.string("a response header name"))
            case nil:
                throw entry.value.error("expected one of json, regex, header, cookie")
            }
            extractions.append(Extraction(name: entry.key, source: source, scope: try extractionScope(fields[ExtractKey.scope])))
        }
        return extractions
    }

    /// A name `${name}` can refer to: an identifier that is no built-in.
    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        let builtIns: Set<String> = ["vu", "iteration", "vuIteration", "agent", "uuid", "timestampMs", "env"]
        return !builtIns.contains(name) && name.utf8.count <= 128
            && name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }

    /// A POSIX extended regular expression with at least one capture group, as the agents compile it.
    static func checkRegex(_ pattern: String, at node: ScenarioNode) throws(ScenarioFileError) {
        var compiled = regex_t()
        let status = regcomp(&compiled, pattern, REG_EXTENDED)
        defer { if status == 0 { regfree(&compiled) } }
        guard status == 0 else {
            var buffer = [CChar](repeating: 0, count: 256)
            regerror(status, &compiled, &buffer, buffer.count)
            let reason = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw node.error("invalid regex \(ScenarioNode.quoted(pattern)): \(reason) (POSIX extended syntax)")
        }
        guard compiled.re_nsub >= 1 else {
            throw node.error("the regex \(ScenarioNode.quoted(pattern)) has no capture group: put the value to extract in (...)")
        }
    }
}
