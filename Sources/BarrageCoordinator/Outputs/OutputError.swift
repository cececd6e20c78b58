
/// An output that cannot start: nothing was run.
public enum OutputError: Error, Sendable, CustomStringConvertible {
    case cannotCreate(path: String)
    case cannotCreateFolder(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotCreate(let path): return "cannot create \(path)"
        case .cannotCreateFolder(let path, let reason): return "cannot create the results folder \(path): \(reason)"
        }
    }
}
