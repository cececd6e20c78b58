import Foundation

/// Reads the shared secret that agents and coordinator use to authenticate (see ``ChallengeResponse``).
///
/// The file holds one token; surrounding whitespace and newlines are ignored, so
/// `openssl rand -hex 32 > token` works as is.
public enum TokenFile {
    /// The shortest token accepted, in characters.
    public static let minimumLength = 16

    /// The token in the file at `path`, trimmed.
    ///
    /// - Throws: ``TokenFileError`` if the file is missing, unreadable, not UTF-8, empty, or holds a
    ///   token shorter than ``minimumLength``.
    public static func read(path: String) throws(TokenFileError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .missing(path) }
        guard !isDirectory.boolValue else { throw .unreadable(path, reason: "it is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path, reason: "permission denied or I/O error")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .unreadable(path, reason: "it is not UTF-8 text") }
        return try parse(text, path: path)
    }

    /// The token in `contents` (a token file's text), trimmed.
    ///
    /// - Parameter path: used in error messages only.
    /// - Throws: ``TokenFileError/empty(_:)`` or ``TokenFileError/tooShort(_:length:)``.
    public static func parse(_ contents: String, path: String) throws(TokenFileError) -> String {
        let token = contents.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw .empty(path) }
        guard token.count >= minimumLength else { throw .tooShort(path, length: token.count) }
        return token
    }
}

/// Why a token file could not be used.
public enum TokenFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case missing(String)
    case unreadable(String, reason: String)
    case empty(String)
    case tooShort(String, length: Int)

    public var description: String {
        let hint = "e.g. create one with: openssl rand -hex 32 >"
        switch self {
        case .missing(let path):
            return "token file '\(path)' does not exist; \(hint) \(path)"
        case .unreadable(let path, let reason):
            return "cannot read token file '\(path)': \(reason)"
        case .empty(let path):
            return "token file '\(path)' is empty, but must hold a token of at least \(TokenFile.minimumLength) characters; \(hint) \(path)"
        case .tooShort(let path, let length):
            return "the token in '\(path)' is \(length) characters long, but must be at least \(TokenFile.minimumLength); \(hint) \(path)"
        }
    }
}
