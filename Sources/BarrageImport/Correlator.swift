import BarrageCore
import Foundation

/// Correlation: a value a recorded response produced that a later request sends becomes an
/// `extract:` on that response and `${name}` in the later request.
///
/// A value a later request sends only percent- or form-encoded (a query parameter, a form field)
/// becomes `${urlencode(name)}`.
///
/// Requests are visited in order. Each one is first rewritten with the values known so far (the
/// latest response that produced a value wins), then its own response's values become known.
/// A value the client itself sent before any response produced it (a typed user name) is not a
/// candidate. An extraction is only written after checking, against the recorded response, that
/// the engine would extract exactly that value.
struct Correlator {
    /// One correlation made, for the YAML comment and stderr.
    struct Made: Sendable, Equatable {
        var name: String
        var sourceRequest: Int
        var label: String
        var usedBy: Set<Int>
    }

    private(set) var made: [Made] = []
    private var available: [String: Candidate] = [:]
    /// Values by their first 4 UTF-8 bytes, for the scan of request text.
    private var byPrefix: [[UInt8]: [String]] = [:]
    private var sent: Set<String> = []
    /// The encoded forms of available values (as a query or a form carries them), to the value.
    private var encodedForms: [String: String] = [:]
    /// Variable name per candidate (response index + location).
    private var variables: [String: Int] = [:]
    private var usedNames: Set<String> = []
    var dynamic: DynamicValue

    static let maximumSentTokens = 1_000_000
    static let maximumAvailable = 200_000

    init(dynamic: DynamicValue) {
        self.dynamic = dynamic
    }

    /// Records what request `index` sends (its values are the client's own from now on).
    mutating func noteSent(_ texts: [String]) {
        for text in texts {
            for token in ResponseValues.tokens(of: text) + ResponseValues.tokens(of: text.removingPercentEncoding ?? text)
            where sent.count < Self.maximumSentTokens {
                sent.insert(token)
            }
        }
    }

    /// Makes the values of `response` available to the requests after it.
    /// - Parameter text: the response's body, which `response` may not keep.
    mutating func learn(_ response: RecordedResponse, text: String?) {
        for candidate in ResponseValues.candidates(in: response, text: text, isDynamic: dynamic.isDynamic) where !sent.contains(candidate.value) {
            if let existing = available[candidate.value] {
                // The first response that produced a value keeps it, unless this same response
                // has it in a structured place (a JSON leaf beats plain text).
                guard existing.response === response, case .text = existing.location else { continue }
            } else {
                guard available.count < Self.maximumAvailable else { continue }
                byPrefix[Array(candidate.value.utf8.prefix(4)), default: []].append(candidate.value)
                for form in Self.encodedForms(of: candidate.value) where encodedForms[form] == nil && available[form] == nil {
                    encodedForms[form] = candidate.value
                    byPrefix[Array(form.utf8.prefix(4)), default: []].append(form)
                }
            }
            available[candidate.value] = candidate
        }
    }

    /// `text` with every known value replaced by `${name}` (and the extraction added to
    /// `requests`); `index` is the request the text belongs to.
    mutating func rewrite(_ text: String, in index: Int, requests: inout [ImportedRequest]) -> Template {
        guard !available.isEmpty else { return Template(segments: [.text(text)]) }
        let bytes = Array(text.utf8)
        var segments: [Template.Segment] = []
        var literalStart = 0
        var at = 0
        while at + DynamicValue.minimumLength <= bytes.count {
            guard isBoundary(bytes, before: at), let values = byPrefix[Array(bytes[at..<(at + 4)])] else {
                at += 1
                continue
            }
            let match = values.filter { value in
                let utf8 = Array(value.utf8)
                return at + utf8.count <= bytes.count && bytes[at..<(at + utf8.count)].elementsEqual(utf8)
                    && isBoundary(bytes, before: at + utf8.count)
            }.max { $0.utf8.count < $1.utf8.count }
            let literal = String(decoding: bytes[literalStart..<at], as: UTF8.self)
            // A literal ending in `$` right before `${` would read as the escape `$${`.
            let encodedFrom = match.flatMap { available[$0] == nil ? encodedForms[$0] : nil }
            guard let match, !literal.hasSuffix("$"), let candidate = available[encodedFrom ?? match],
                let name = variable(for: candidate, usedBy: index, requests: &requests)
            else {
                at += 1
                continue
            }
            if !literal.isEmpty { segments.append(.text(literal)) }
            segments.append(.variable(encodedFrom == nil ? .extracted(name) : .urlEncoded(.extracted(name))))
            at += match.utf8.count
            literalStart = at
        }
        if literalStart < bytes.count { segments.append(.text(String(decoding: bytes[literalStart...], as: UTF8.self))) }
        return Template(segments: segments)
    }

    /// The ways a client writes `value` into a URL or a form, where they differ from it: RFC 3986
    /// (what `${urlencode(...)}` sends), JavaScript's encodeURIComponent and HTML form encoding.
    /// The server decodes each to the same value, so the replay's encoding need not be the recorded one.
    static func encodedForms(of value: String) -> Set<String> {
        let strict = PercentEncoding.component(value)
        guard strict != value else { return [] }
        let component = strict.replacingOccurrences(of: "%21", with: "!").replacingOccurrences(of: "%2A", with: "*").replacingOccurrences(of: "%27", with: "'")
            .replacingOccurrences(of: "%28", with: "(").replacingOccurrences(of: "%29", with: ")")
        let form = strict.replacingOccurrences(of: "%20", with: "+").replacingOccurrences(of: "%2A", with: "*").replacingOccurrences(of: "~", with: "%7E")
        return Set([strict, component, form]).subtracting([value])
    }

    /// A boundary: the start or end of the text, or a byte that is not a letter or digit.
    private func isBoundary(_ bytes: [UInt8], before at: Int) -> Bool {
        guard at > 0, at < bytes.count else { return true }
        let pair = [bytes[at - 1], bytes[at]]
        return !pair.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0 | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// The variable for `candidate`, creating its extraction on first use; nil when the engine
    /// would not extract exactly the recorded value (then the value stays literal).
    private mutating func variable(for candidate: Candidate, usedBy index: Int, requests: inout [ImportedRequest]) -> String? {
        let key = "\(candidate.response.requestIndex)|\(candidate.location)|\(candidate.value)"
        if let existing = variables[key] {
            made[existing].usedBy.insert(index)
            return made[existing].name
        }
        guard candidate.response.requestIndex < index, let (source, label) = Self.extraction(for: candidate) else { return nil }
        let name = uniqueName(candidate.suggestedName)
        requests[candidate.response.requestIndex].extractions.append(Extraction(name: name, source: source))
        variables[key] = made.count
        made.append(Made(name: name, sourceRequest: candidate.response.requestIndex, label: label, usedBy: [index]))
        return name
    }

    /// The extraction that finds `candidate` again, checked against the recorded response.
    static func extraction(for candidate: Candidate) -> (Extraction.Source, String)? {
        switch candidate.location {
        case .json(let path):
            // Checked against the body when it was kept; otherwise the leaf came from the parsed
            // document as a string or an integer, which the engine extracts as the same text.
            guard let parsed = try? JSONPath(path) else { return nil }  // the importer wrote the path: a failure means skip it
            if let body = candidate.response.body, parsed.value(in: Array(body.utf8)) != candidate.value { return nil }
            return (.json(path), path)
        case .html(let pattern, let label):
            return (.regex(pattern), label)
        case .header(let name):
            let first = candidate.response.headers.first { $0.name.lowercased() == name.lowercased() }
            guard first?.value.trimmingCharacters(in: .whitespaces) == candidate.value else { return nil }
            return (.header(name), "header " + name)
        case .cookie(let name):
            // What the engine reads: the last Set-Cookie for the name.
            let last = candidate.response.headers.filter { $0.name.lowercased() == "set-cookie" }
                .flatMap { $0.value.split(whereSeparator: \.isNewline) }.compactMap { SetCookieValue.value(of: name, in: String($0)) }.last
            guard last == candidate.value else { return nil }
            return (.cookie(name), "cookie " + name)
        case .text:
            guard let body = candidate.response.body, let pattern = contextPattern(for: candidate.value, in: body) else { return nil }
            return (.regex(pattern), "regex " + pattern)
        }
    }

    /// A regex built from the text just before the value's first occurrence and the character
    /// after it; nil unless it captures exactly the value in `body`.
    static func contextPattern(for value: String, in body: String) -> String? {
        guard let range = body.range(of: value) else { return nil }
        let before = body[..<range.lowerBound].suffix(24).split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        let capture: String
        if range.upperBound < body.endIndex {
            let next = body[range.upperBound]
            guard !value.contains(next) else { return nil }
            capture = "(" + POSIXRegex.notCharacter(next) + "+)"
        } else {
            capture = "(.+)$"
        }
        let pattern = (before.isEmpty ? "^" : POSIXRegex.escaped(String(before))) + capture
        return POSIXRegex.firstCapture(pattern, in: body) == value ? pattern : nil
    }

    private mutating func uniqueName(_ suggested: String) -> String {
        var base = String(suggested.unicodeScalars.map { scalar -> Character in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) ? Character(scalar) : "_"
        }.prefix(40))
        if base.isEmpty || base.first?.isNumber == true { base = "v_" + base }
        if !ScenarioNames.isVariableName(base) { base += "_value" }
        var name = base
        var suffix = 2
        while usedNames.contains(name) {
            name = "\(base)_\(suffix)"
            suffix += 1
        }
        usedNames.insert(name)
        return name
    }
}

/// The rule `extract:` names follow in scenario files (letters, digits, `_`; not a built-in).
enum ScenarioNames {
    static let builtIns: Set<String> = ["vu", "iteration", "vuIteration", "agent", "uuid", "timestampMs", "env"]

    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first), name.utf8.count <= 128 else { return false }
        return !builtIns.contains(name)
            && name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }
}
