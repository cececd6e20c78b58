#if canImport(Glibc)
import Glibc
#endif

/// The first capture group of a POSIX extended regular expression, as the agents' engine
/// matches `extract: {regex: ...}`: used to check every regex the importer writes against the
/// recorded body, so an extraction that would not find its value is never written.
enum POSIXRegex {
    static func firstCapture(_ pattern: String, in text: String) -> String? {
        var compiled = regex_t()
        guard regcomp(&compiled, pattern, REG_EXTENDED) == 0 else { return nil }
        defer { regfree(&compiled) }
        var matches = [regmatch_t](repeating: regmatch_t(), count: 2)
        return text.withCString { pointer -> String? in
            guard regexec(&compiled, pointer, 2, &matches, 0) == 0, matches[1].rm_so >= 0, matches[1].rm_eo >= matches[1].rm_so else { return nil }
            let bytes = UnsafeRawBufferPointer(start: pointer, count: Int(matches[1].rm_eo)).dropFirst(Int(matches[1].rm_so))
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// `text` with the ERE special characters escaped.
    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if ".[]()*+?{}|^$\\".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// A bracket expression matching any byte but `character` (`]`, `^` and `-` placed where they are literal).
    static func notCharacter(_ character: Character) -> String {
        switch character {
        case "]": return "[^]]"
        case "^": return "[^^]"
        case "-": return "[^-]"
        default: return "[^\(character)]"
        }
    }
}
