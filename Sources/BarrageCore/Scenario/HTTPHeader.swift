/// One request header, kept in the order the scenario lists it (HTTP allows repeats).
public struct HTTPHeader: Codable, Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// `Name: value`, as curl takes it.
    public var line: String { "\(name): \(value)" }
}
