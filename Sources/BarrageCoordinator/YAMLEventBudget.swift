// libyaml ships inside Yams as its CYaml target. Yams composes nodes but keeps the event stream
// private, and the check must see events before any node exists (composing an alias used as a
// key is what hangs), so this reads them directly. CYaml is not a Yams product, so Package.swift
// cannot declare it: it pins Yams to 6.2.x instead, and scripts/check-imports names this import.
import CYaml

/// One pass over libyaml's events that measures a YAML stream as if every alias were expanded,
/// and throws at the first event that goes over a ``YAMLLimits`` budget.
///
/// Each open list or mapping is a frame on a stack; when it closes, its expanded size (nodes)
/// and height are known and recorded under its anchor, so an alias costs what its anchor's node
/// would cost, in O(1). The walk itself is linear in the number of events.
struct YAMLEventBudget {
    let limits: YAMLLimits

    /// An open list or mapping.
    private struct Frame {
        var anchor: String?
        var isMapping: Bool
        /// Expanded nodes so far, this one included.
        var nodes = 1
        /// Expanded height of the deepest child so far.
        var childHeight = 0
        /// Children so far; in a mapping, even positions are keys.
        var children = 0
    }

    /// The expanded size of an anchored node.
    private struct Measure {
        var nodes: Int
        var height: Int
    }

    private var stack: [Frame] = []
    private var anchors: [String: Measure] = [:]
    private var aliases = 0
    private var aliasedNodes = 0
    /// Events read so far: a few per byte of the text at most, however much aliases would expand.
    private(set) var events = 0

    init(limits: YAMLLimits) {
        self.limits = limits
    }

    /// Walks every event of `text`.
    /// - Throws: ``YAMLLimitError`` at the first event over a limit; nothing for a syntax error,
    ///   which Yams reports when it composes.
    mutating func scan(_ text: String) throws(YAMLLimitError) {
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLLimitError(line: nil, message: "out of memory while reading the YAML")
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        try bytes.withUnsafeMutableBufferPointer { (buffer) throws(YAMLLimitError) in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                guard event.type != YAML_STREAM_END_EVENT else { return }
                events += 1
                try visit(event)
            }
        }
    }

    private mutating func visit(_ event: yaml_event_t) throws(YAMLLimitError) {
        let line = Int(event.start_mark.line) + 1
        switch event.type {
        case YAML_SCALAR_EVENT:
            let measure = Measure(nodes: 1, height: 1)
            record(Self.name(event.data.scalar.anchor), measure)
            addChild(measure)
        case YAML_ALIAS_EVENT:
            try alias(Self.name(event.data.alias.anchor), line: line)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchor = Self.name(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
            guard stack.count < limits.maxDepth else {
                throw YAMLLimitError(line: line, message: "lists and mappings nest deeper than \(limits.maxDepth) levels")
            }
            stack.append(Frame(anchor: anchor, isMapping: isMapping))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return }
            let measure = Measure(nodes: frame.nodes, height: frame.childHeight + 1)
            record(frame.anchor, measure)
            addChild(measure)
        default:
            break
        }
    }

    /// An alias: refused as a mapping key, otherwise charged its anchor's expanded size.
    private mutating func alias(_ anchor: String?, line: Int) throws(YAMLLimitError) {
        if let parent = stack.last, parent.isMapping, parent.children.isMultiple(of: 2) {
            throw YAMLLimitError(line: line, message: "an alias (*\(anchor ?? "")) can't be a mapping key")
        }
        aliases += 1
        guard aliases <= limits.maxAliases else {
            throw YAMLLimitError(line: line, message: "more than \(limits.maxAliases) aliases")
        }
        // An undefined alias is Yams' error to report; it costs one node here.
        let measure = anchor.flatMap { anchors[$0] } ?? Measure(nodes: 1, height: 1)
        aliasedNodes += measure.nodes
        guard aliasedNodes <= limits.maxAliasedNodes else {
            throw YAMLLimitError(
                line: line, message: "aliases would expand to more than \(limits.maxAliasedNodes) nodes")
        }
        guard stack.count + measure.height <= limits.maxDepth else {
            throw YAMLLimitError(
                line: line, message: "an alias (*\(anchor ?? "")) nests deeper than \(limits.maxDepth) levels")
        }
        addChild(measure)
    }

    /// Adds a finished child to the open collection.
    ///
    /// No sum can overflow: every alias adds at most ``YAMLLimits/maxAliasedNodes`` after the
    /// check above, and everything else is one node per event.
    private mutating func addChild(_ measure: Measure) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].nodes += measure.nodes
        stack[stack.count - 1].childHeight = max(stack[stack.count - 1].childHeight, measure.height)
        stack[stack.count - 1].children += 1
    }

    private mutating func record(_ anchor: String?, _ measure: Measure) {
        if let anchor { anchors[anchor] = measure }
    }

    private static func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
