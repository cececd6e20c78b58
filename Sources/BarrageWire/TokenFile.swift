import Foundation

/// Reads the shared secret that agents and coordinator use to authenticate (see ``ChallengeResponse``).
///
/// The file holds one token; surrounding whitespace and newlines are ignored, so
/// `openssl rand -hex 32 > token` works as is.
public enum TokenFile {
    /// The shortest token accepted, in characters.
    public static let minimumLength = 16
    /// The longest token file read, in bytes: a token is a line, not a document.
    public static let maximumFileBytes = 4096

    /// A token read from a file, with what is wrong with the file, if anything.
    public struct Contents: Sendable, Equatable {
        public var token: String
        /// Set when the file's permissions let group or others read it.
        public var warning: TokenFileWarning?
    }

    /// The token in the file at `path`, trimmed, and a warning when group or others may read it.
    ///
    /// - Throws: ``TokenFileError`` if the file is missing, unreadable, too large, not UTF-8,
    ///   empty, or holds a token shorter than ``minimumLength`` or weaker than
    ///   ``TokenStrength/isStrong(_:)`` accepts.
    public static func load(path: String) throws(TokenFileError) -> Contents {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .missing(path) }
        guard !isDirectory.boolValue else { throw .unreadable(path, reason: "it is a directory") }
        let data: Data
        let mode: UInt16
        do throws(RegularFileError) {
            data = try RegularFile.read(path, maxBytes: maximumFileBytes)
        } catch .tooLarge {
            throw .unreadable(path, reason: "it is larger than \(maximumFileBytes) bytes, but should hold one token")
        } catch {
            throw .unreadable(path, reason: error.description)
        }
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            guard let permissions = attributes[.posixPermissions] as? NSNumber else {
                throw TokenFileError.unreadable(path, reason: "its permissions cannot be read")
            }
            mode = permissions.uint16Value
        } catch let error as TokenFileError {
            throw error
        } catch {
            throw .unreadable(path, reason: error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .unreadable(path, reason: "it is not UTF-8 text") }
        let token = try parse(text, path: path)
        let warning = mode & 0o077 != 0 ? TokenFileWarning.readableByOthers(path: path, mode: mode & 0o7777) : nil
        return Contents(token: token, warning: warning)
    }

    /// The token in the file at `path`, as ``load(path:)`` reads it, without the permission
    /// warning (for callers that have nowhere to show it).
    public static func read(path: String) throws(TokenFileError) -> String {
        try load(path: path).token
    }

    /// The token in `contents` (a token file's text), trimmed.
    ///
    /// - Parameter path: used in error messages only.
    /// - Throws: ``TokenFileError/empty(_:)``, ``TokenFileError/tooShort(_:length:)``,
    ///   ``TokenFileError/weak(_:estimatedBits:distinctCharacters:)`` or ``TokenFileError/words(_:bitsBesidesWords:)``.
    public static func parse(_ contents: String, path: String) throws(TokenFileError) -> String {
        let token = contents.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw .empty(path) }
        guard token.count >= minimumLength else { throw .tooShort(path, length: token.count) }
        let bits = TokenStrength.estimatedBits(token)
        let distinct = TokenStrength.distinctCharacters(token)
        guard bits >= TokenStrength.minimumBits, distinct >= TokenStrength.minimumDistinctCharacters else {
            throw .weak(path, estimatedBits: bits, distinctCharacters: distinct)
        }
        let besidesWords = TokenStrength.bitsBesidesWords(token)
        guard besidesWords >= TokenStrength.minimumBitsBesidesWords else { throw .words(path, bitsBesidesWords: besidesWords) }
        return token
    }
}

/// Why a token file could not be used.
public enum TokenFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case missing(String)
    case unreadable(String, reason: String)
    case empty(String)
    case tooShort(String, length: Int)
    /// The token looks guessable: too few estimated bits or distinct characters (see ``TokenStrength``).
    case weak(String, estimatedBits: Int, distinctCharacters: Int)
    /// The token is mostly words or a phrase: a word list guesses it (see ``TokenStrength/bitsBesidesWords(_:)``).
    case words(String, bitsBesidesWords: Int)

    public var description: String {
        let hint = "`coord init` writes a random one, or create one with: openssl rand -hex 32 >"
        switch self {
        case .missing(let path):
            return "token file '\(path)' does not exist; \(hint) \(path)"
        case .unreadable(let path, let reason):
            return "cannot read token file '\(path)': \(reason)"
        case .empty(let path):
            return "token file '\(path)' is empty, but must hold a token of at least \(TokenFile.minimumLength) characters; \(hint) \(path)"
        case .tooShort(let path, let length):
            return "the token in '\(path)' is \(length) characters long, but must be at least \(TokenFile.minimumLength); \(hint) \(path)"
        case .weak(let path, let bits, let distinct):
            return "the token in '\(path)' looks guessable: about \(bits) bits of randomness and \(distinct) distinct characters, "
                + "but at least \(TokenStrength.minimumBits) bits and \(TokenStrength.minimumDistinctCharacters) distinct characters are required "
                + "(repeated or sequential text counts for little); \(hint) \(path)"
        case .words(let path, let bits):
            return "the token in '\(path)' reads like words: about \(bits) bits of randomness besides them, but at least "
                + "\(TokenStrength.minimumBitsBesidesWords) are required (a word list guesses phrases offline); \(hint) \(path)"
        }
    }
}
