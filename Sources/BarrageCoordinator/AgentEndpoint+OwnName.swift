/// Agents listed by address are `a1`, `a2`, ... until they say who they are: each then takes its
/// own name (`coord agent --name L1`), as joined agents do, when that name is its alone (agents on
/// one host all default to the host name, and a1, a2 tell those apart better than host, host-2).
extension AgentEndpoint {
    /// `endpoints` with their placeholder names replaced by the agents' own where unique.
    /// - Parameter own: each agent's name from its hello (nil: not heard from), by index.
    public static func adoptingOwnNames(_ endpoints: [AgentEndpoint], own: [String?]) -> [AgentEndpoint] {
        let proposed = endpoints.indices.map { index -> String? in
            guard endpoints[index].placeholderName, index < own.count, let name = own[index] else { return nil }
            return displayName(name)
        }
        var counts: [String: Int] = [:]
        for name in proposed.compactMap({ $0 }) { counts[name, default: 0] += 1 }
        let kept = Set(endpoints.indices.filter { proposed[$0] == nil }.map { endpoints[$0].name })
        var renamed = endpoints
        for index in renamed.indices {
            guard let name = proposed[index], counts[name] == 1, !kept.contains(name) else { continue }
            renamed[index].name = name
            renamed[index].placeholderName = false
        }
        return renamed
    }

    /// A peer's name as shown: ASCII letters, digits and `._-`, at most 32; nil when nothing is left.
    public static func displayName(_ proposed: String) -> String? {
        let kept = proposed.unicodeScalars.filter {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0))
        }
        let name = String(String.UnicodeScalarView(kept.prefix(32)))
        return name.isEmpty ? nil : name
    }
}
