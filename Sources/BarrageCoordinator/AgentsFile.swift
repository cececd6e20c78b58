import Yams

/// Reads an agents file (`config/agents.yaml`):
///
/// ```yaml
/// agents:
///   - address: 10.0.0.1:7070
///     name: eu-1        # optional, default a1, a2, ...
///     weight: 2         # optional, default 1
/// ```
public enum AgentsFile {
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - path: the file's path, for error messages.
    /// - Throws: ``CoordinatorError/agentsFile(path:detail:)`` naming the line and key.
    public static func parse(_ text: String, path: String) throws(CoordinatorError) -> [AgentEndpoint] {
        let root: Node?
        do {
            try YAMLLimits.standard.check(text)
        } catch {
            throw .agentsFile(path: path, detail: error.description)
        }
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw .agentsFile(path: path, detail: "not valid YAML: \(firstLine(of: error))")
        }
        guard let mapping = root?.mapping else {
            throw .agentsFile(path: path, detail: "expected a mapping with an 'agents' list")
        }
        for (key, _) in mapping where key.string != "agents" {
            throw .agentsFile(path: path, detail: "line \(line(key)): unknown key '\(key.string ?? "?")' (expected 'agents')")
        }
        guard let list = mapping["agents"]?.sequence, !list.isEmpty else {
            throw .agentsFile(path: path, detail: "'agents' must be a non-empty list")
        }
        var endpoints: [AgentEndpoint] = []
        for (index, item) in list.enumerated() {
            guard let entry = item.mapping else {
                throw .agentsFile(path: path, detail: "line \(line(item)): each agent must be a mapping with 'address'")
            }
            var endpoint = AgentEndpoint(name: "a\(index + 1)", host: "", port: 0, placeholderName: true)
            var sawAddress = false
            for (key, value) in entry {
                let where_ = "line \(line(key)): '\(key.string ?? "?")'"
                switch key.string {
                case "address":
                    guard let text = value.string else { throw .agentsFile(path: path, detail: "\(where_) must be host:port") }
                    do {
                        (endpoint.host, endpoint.port) = try AgentEndpoint.parseAddress(text)
                    } catch {
                        throw .agentsFile(path: path, detail: "\(where_): \(error.description)")
                    }
                    sawAddress = true
                case "name":
                    guard let name = value.string, !name.isEmpty else { throw .agentsFile(path: path, detail: "\(where_) must be a string") }
                    endpoint.name = name
                    endpoint.placeholderName = false
                case "weight":
                    guard let weight = value.string.flatMap(Double.init), weight > 0, weight.isFinite else {
                        throw .agentsFile(path: path, detail: "\(where_) must be a positive number, but is '\(value.string ?? "?")'")
                    }
                    endpoint.weight = weight
                default:
                    throw .agentsFile(path: path, detail: "\(where_) is not a known key (address, name, weight)")
                }
            }
            guard sawAddress else { throw .agentsFile(path: path, detail: "line \(line(item)): agent \(index + 1) has no 'address'") }
            endpoints.append(endpoint)
        }
        return endpoints
    }

    private static func line(_ node: Node) -> Int { (node.mark?.line ?? 0) }

    private static func firstLine(of error: any Error) -> String {
        String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
    }
}
