import BarrageWire
import Foundation

/// How big and how tangled a YAML file the coordinator reads (scenario files, agents files) may be.
///
/// YAML aliases let a few hundred bytes stand for billions of nodes (the "billion laughs" shape:
/// `b: &b [*a, *a, ...]`, `c: &c [*b, *b, ...]`). Yams composes aliases without copying, but it
/// hashes every mapping key to find duplicates, so an alias used as a key is expanded in full and
/// `coord run` spins forever. ``check(_:)`` walks libyaml's event stream once, in time linear in
/// the file, and throws before Yams composes anything. The defaults are far above what a real
/// scenario or agents file needs (a few KiB, depth under 10, a handful of aliases).
public struct YAMLLimits: Sendable, Equatable {
    /// The largest file accepted, in bytes.
    public var maxBytes: Int
    /// The deepest nesting of lists and mappings, counting what aliases expand to.
    public var maxDepth: Int
    /// The most aliases (`*name`) in one file.
    public var maxAliases: Int
    /// The most nodes all aliases together would add if they were expanded.
    public var maxAliasedNodes: Int

    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 64, maxAliases: Int = 100, maxAliasedNodes: Int = 10_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxAliases = maxAliases
        self.maxAliasedNodes = maxAliasedNodes
    }

    /// The limits every YAML loader in the coordinator uses.
    public static let standard = YAMLLimits()

    /// Checks `text` against the limits without composing it.
    ///
    /// Aliases used as mapping keys are refused outright: no file the coordinator reads needs
    /// one, and they are what makes Yams' duplicate-key check expand a bomb. A syntax error ends
    /// the check quietly, so Yams reports it with its own message; everything before it was
    /// within the limits.
    /// - Throws: ``YAMLLimitError`` with the line of the first node over a limit.
    public func check(_ text: String) throws(YAMLLimitError) {
        if let error = scan(text).error { throw error }
    }

    /// ``check(_:)``'s walk, with the number of events it read (0 when the size alone refused the
    /// text): YAMLLimitsTests bound that number by the text's length, which is what "refused at
    /// once" means, instead of timing it on a shared machine.
    func scan(_ text: String) -> (events: Int, error: YAMLLimitError?) {
        let bytes = text.utf8.count
        guard bytes <= maxBytes else {
            return (0, YAMLLimitError(line: nil, message: "the file is \(bytes) bytes, but at most \(maxBytes) are accepted"))
        }
        var budget = YAMLEventBudget(limits: self)
        do {
            try budget.scan(text)
        } catch {
            return (budget.events, error)
        }
        return (budget.events, nil)
    }

    /// Reads the UTF-8 text of the file at `path`, refusing one larger than ``maxBytes`` before
    /// reading it whole.
    /// - Throws: ``YAMLLimitError`` (no line) saying why, when the file is unreadable, too large or
    ///   not UTF-8; loaders prefix it with "can't read ...".
    public func readFile(atPath path: String) throws(YAMLLimitError) -> String {
        let data: Data
        do throws(RegularFileError) {
            data = try RegularFile.read(path, maxBytes: maxBytes)
        } catch .tooLarge {
            throw YAMLLimitError(line: nil, message: "it is larger than \(maxBytes) bytes, the most accepted")
        } catch {
            throw YAMLLimitError(line: nil, message: error.description)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw YAMLLimitError(line: nil, message: "it is not UTF-8 text")
        }
        return text
    }
}
