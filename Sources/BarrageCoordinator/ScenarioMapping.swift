/// A YAML mapping of a scenario file, its keys in file order, with the checks every mapping gets:
/// unknown keys, missing keys, and keys that exclude each other.
struct ScenarioMapping {
    /// One key and its value.
    struct Entry {
        let key: String
        /// The key's 1-based line (an unknown key is reported where it is written).
        let keyLine: Int?
        let value: ScenarioNode
    }

    /// The mapping itself.
    let node: ScenarioNode
    let entries: [Entry]

    /// The value at `key`; nil when the key is absent or its value is YAML's null (an empty value).
    subscript(key: String) -> ScenarioNode? {
        guard let value = entries.first(where: { $0.key == key })?.value, !value.isNull else { return nil }
        return value
    }

    /// Rejects the first key not in `accepted`, listing the accepted keys.
    func rejectUnknownKeys(accepting accepted: [String]) throws(ScenarioFileError) {
        for entry in entries where !accepted.contains(entry.key) {
            throw ScenarioFileError(
                file: node.file, line: entry.keyLine, keyPath: entry.value.path,
                message: "unknown key '\(entry.key)': expected one of \(accepted.joined(separator: ", "))")
        }
    }

    /// Rejects the first key that is no case of `Key`: the one enum of a mapping's keys drives
    /// both what is read and this error.
    func rejectUnknownKeys<Key: CaseIterable & RawRepresentable<String>>(of _: Key.Type) throws(ScenarioFileError) {
        try rejectUnknownKeys(accepting: Key.allCases.map(\.rawValue))
    }

    /// The value at `key`; nil when absent or null.
    subscript<Key: RawRepresentable<String>>(key: Key) -> ScenarioNode? { self[key.rawValue] }

    /// The value at `key`, which must be present.
    /// - Parameter expected: what the key holds, for the error.
    func required(_ key: String, _ expected: String) throws(ScenarioFileError) -> ScenarioNode {
        if let value = self[key] { return value }
        throw ScenarioFileError(
            file: node.file, line: node.line, keyPath: node.child(key, node.node).path,
            message: "missing required key: expected \(expected)")
    }

    /// The one present key of `keys` (nil when none is), rejecting a mapping that sets more than one.
    func oneOf(_ keys: [String]) throws(ScenarioFileError) -> (key: String, value: ScenarioNode)? {
        let present = keys.compactMap { key in self[key].map { (key: key, value: $0) } }
        if present.count > 1 {
            throw present[1].value.error("'\(present[0].key)' and '\(present[1].key)' exclude each other: set only one")
        }
        return present.first
    }
}
