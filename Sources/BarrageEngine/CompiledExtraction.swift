import BarrageCore

/// One `extract:` entry, compiled for the loop: a ``JSONPath``, a POSIX regular expression, or a
/// header name, and the VU variable slot its value goes to.
struct CompiledExtraction {
    enum Matcher {
        case json(JSONPath)
        case regex(RegexMatcher)
        case header(String)
    }

    let name: String
    let slot: Int
    let matcher: Matcher

    init(_ extraction: Extraction, slot: Int) throws(EngineError) {
        name = extraction.name
        self.slot = slot
        switch extraction.source {
        case .json(let path):
            do {
                matcher = .json(try JSONPath(path))
            } catch {
                throw .badSession("extract \(extraction.name): \(error.description)")
            }
        case .regex(let pattern):
            matcher = .regex(try RegexMatcher(pattern, name: extraction.name))
        case .header(let header):
            matcher = .header(header)
        }
    }

    var needsBody: Bool {
        if case .header = matcher { return false }
        return true
    }
}
