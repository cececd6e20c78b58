/// The tag parts of a snapshot (``MetricsSnapshot/tagged``): k6's `group` tag and request tags.
extension MetricsSnapshot {
    /// k6's tag of a group's passes and of the requests sent in it: the group's path, `::a::b`.
    public static let groupTag = "group"

    /// The part `tag` selects: `{group:::checkout}` (empty when the group was not passed yet), a
    /// request tag seen in the run (empty for a value not seen); nil for a key no part carries.
    func taggedPart(_ tag: Threshold.Tag) -> MetricsSnapshot? {
        if let part = tagged[tag] { return part }
        if tag.key == Self.groupTag || tagged.keys.contains(where: { $0.key == tag.key }) { return MetricsSnapshot() }
        return nil
    }

    /// Every group passed, by path (sorted), with its part: group_duration, and the requests sent
    /// directly in it.
    public var groups: [(path: String, part: MetricsSnapshot)] {
        tagged.filter { $0.key.key == Self.groupTag }.map { ($0.key.value, $0.value) }.sorted { $0.path < $1.path }
    }
}

extension Threshold.Tag: Comparable {
    public static func < (a: Threshold.Tag, b: Threshold.Tag) -> Bool { (a.key, a.value) < (b.key, b.value) }
}
