/// One `extract:` entry of a request: a value taken from its response for the rest of the
/// iteration (`${name}` in later requests). A failed extraction is a failed check named
/// `<request>: extract <name>`, and the iteration's remaining requests are skipped.
public struct Extraction: Codable, Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// A JSONPath subset on the body: `$.a.b[0].c`.
        case json(String)
        /// The first capture group of a POSIX extended regular expression on the body.
        case regex(String)
        /// A response header's value (the first, names case-insensitive).
        case header(String)
        /// The value of the cookie of this name that the response sets (its last `Set-Cookie`
        /// for the name): a double-submit CSRF cookie a later request sends in a header.
        case cookie(String)

        /// Whether the body must be kept while it arrives.
        public var needsBody: Bool {
            switch self {
            case .header, .cookie: return false
            case .json, .regex: return true
            }
        }
    }

    /// How long an extracted value lives.
    public enum Scope: String, Codable, Sendable, CaseIterable {
        /// Until the iteration ends (the default).
        case iteration
        /// For the VU's whole life: the next iterations see it too (log in once per VU).
        case vu
    }

    public var name: String
    public var source: Source
    public var scope: Scope

    public init(name: String, source: Source, scope: Scope = .iteration) {
        self.name = name
        self.source = source
        self.scope = scope
    }

    /// The check name, without the request's prefix.
    public var checkName: String { "extract \(name)" }

    enum CodingKeys: String, CodingKey {
        case name, json, regex, header, cookie, scope
    }

    /// `{"name":"token","json":"$.access_token"}`: exactly one of `json`, `regex`, `header`, `cookie`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        let json = try c.decodeIfPresent(String.self, forKey: .json)
        let regex = try c.decodeIfPresent(String.self, forKey: .regex)
        let header = try c.decodeIfPresent(String.self, forKey: .header)
        let cookie = try c.decodeIfPresent(String.self, forKey: .cookie)
        switch (json, regex, header, cookie) {
        case (let path?, nil, nil, nil):
            do {
                _ = try JSONPath(path)
            } catch {
                throw DecodingError.dataCorruptedError(forKey: .json, in: c, debugDescription: error.description)
            }
            source = .json(path)
        case (nil, let pattern?, nil, nil): source = .regex(pattern)
        case (nil, nil, let name?, nil): source = .header(name)
        case (nil, nil, nil, let name?):
            guard HTTPToken.isToken(name) else {
                throw DecodingError.dataCorruptedError(forKey: .cookie, in: c, debugDescription: "a cookie name is a token (letters, digits, !#$%&'*+-.^_`|~)")
            }
            source = .cookie(name)
        default:
            throw DecodingError.dataCorruptedError(forKey: .name, in: c, debugDescription: "expected exactly one of json, regex, header, cookie")
        }
        scope = try c.decodeIfPresent(Scope.self, forKey: .scope) ?? .iteration
        guard !name.isEmpty, name.utf8.count <= 128 else {
            throw DecodingError.dataCorruptedError(forKey: .name, in: c, debugDescription: "a name of 1 to 128 bytes")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        switch source {
        case .json(let path): try c.encode(path, forKey: .json)
        case .regex(let pattern): try c.encode(pattern, forKey: .regex)
        case .header(let header): try c.encode(header, forKey: .header)
        case .cookie(let cookie): try c.encode(cookie, forKey: .cookie)
        }
        if scope != .iteration { try c.encode(scope, forKey: .scope) }
    }
}
