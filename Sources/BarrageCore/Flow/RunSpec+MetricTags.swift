/// The tag parts a run's samples may carry: every group path and request tag of its flows.
extension RunSpec {
    /// k6's `group` tag of every group of every flow (paths as the compiler names them, `::a::b`)
    /// and every request's `tags:` pair. ``SampleCheck`` accepts only these; empty for a plain
    /// request list, whose samples carry no tag parts.
    public var metricTags: Set<Threshold.Tag> {
        var tags: Set<Threshold.Tag> = []
        for flow in flowNames {
            // validate() compiled every flow; one that does not compile has no parts to accept.
            guard let program = try? program(flow: flow) else { continue }
            tags.formUnion(program.metricTags)
        }
        return tags
    }
}

extension FlowProgram {
    /// The tag parts this program records: its groups' paths and its requests' tags.
    public var metricTags: Set<Threshold.Tag> {
        var tags = Set(groups.map { Threshold.Tag(key: MetricsSnapshot.groupTag, value: $0) })
        for request in requests {
            for tag in request.spec.tags ?? [] { tags.insert(Threshold.Tag(key: tag.name, value: tag.value)) }
        }
        return tags
    }
}
