import BarrageCore

/// One `extract:` entry, compiled for the loop: a ``JSONPath``, a POSIX regular expression, a
/// header or a cookie name, and the VU variable slot its value goes to.
struct CompiledExtraction {
    enum Matcher {
        case json(JSONPath)
        case regex(RegexMatcher)
        case header(String)
        case cookie(String)
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
        case .cookie(let cookie):
            matcher = .cookie(cookie)
        }
    }

    var needsBody: Bool {
        switch matcher {
        case .header, .cookie: return false
        case .json, .regex: return true
        }
    }
}
