import Foundation
import Testing
@testable import BarrageWire

struct TokenFileTests {
    /// A fresh temporary directory for one test.
    private func makeDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("barrage-token-\(UInt64.random(in: .min ... .max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A strong token (`openssl rand -hex 32`).
    static let strong = "9b3e5f0c7a1d4e8b2c6f0a3d5e7b9c1f4a6d8e0b2c4f6a8d1e3b5c7f9a0d2e4b"

    private func write(_ text: String, in directory: URL, mode: Int = 0o600) throws -> String {
        let url = directory.appendingPathComponent("token")
        try Data(text.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        return url.path
    }

    @Test func readsAndTrimsAToken() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write("  \(Self.strong)\n\n", in: directory)
        #expect(try TokenFile.load(path: path) == TokenFile.Contents(token: Self.strong, warning: nil))
    }

    @Test func missingFileIsNamed() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("absent").path
        #expect(throws: TokenFileError.missing(path)) { try TokenFile.read(path: path) }
        #expect(TokenFileError.missing(path).description.contains("'\(path)' does not exist"))
    }

    @Test(arguments: ["", "   \n\t\n"])
    func emptyFileIsRejected(contents: String) throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write(contents, in: directory)
        #expect(throws: TokenFileError.empty(path)) { try TokenFile.read(path: path) }
    }

    @Test func shortTokenIsRejectedWithItsLength() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write("hunter2\n", in: directory)
        #expect(throws: TokenFileError.tooShort(path, length: 7)) { try TokenFile.read(path: path) }
        let message = TokenFileError.tooShort(path, length: 7).description
        #expect(message.contains("7 characters") && message.contains("at least 16"))
    }

    @Test func directoryIsUnreadable() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: TokenFileError.unreadable(directory.path, reason: "it is a directory")) {
            try TokenFile.read(path: directory.path)
        }
    }

    @Test func descriptionsAreOneLine() {
        let errors: [TokenFileError] = [
            .missing("/t"), .unreadable("/t", reason: "x"), .empty("/t"), .tooShort("/t", length: 3),
            .weak("/t", estimatedBits: 4, distinctCharacters: 16), .words("/t", bitsBesidesWords: 3),
        ]
        for error in errors { #expect(!error.description.contains("\n")) }
    }

    @Test(arguments: [
        (0o600, nil), (0o400, nil), (0o700, nil),
        (0o640, "0640"), (0o604, "0604"), (0o644, "0644"), (0o666, "0666"),
    ] as [(Int, String?)])
    func warnsWhenGroupOrOthersCanRead(mode: Int, shown: String?) throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write(Self.strong, in: directory, mode: mode)
        let contents = try TokenFile.load(path: path)
        #expect(contents.token == Self.strong)
        if let shown {
            #expect(contents.warning == .readableByOthers(path: path, mode: UInt16(mode)))
            let line = try #require(contents.warning?.description)
            #expect(line.contains("mode \(shown)") && line.contains("chmod 600 \(path)") && !line.contains("\n"), "\(line)")
        } else {
            #expect(contents.warning == nil)
        }
    }

    @Test func weakTokenIsRefusedNamingTheFileAndTheFix() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write(String(repeating: "a", count: 16), in: directory)
        #expect(throws: TokenFileError.weak(path, estimatedBits: 0, distinctCharacters: 1)) { try TokenFile.load(path: path) }
        let message = TokenFileError.weak(path, estimatedBits: 0, distinctCharacters: 1).description
        #expect(message.contains("'\(path)'") && message.contains("openssl rand -hex 32 > \(path)"), "\(message)")
    }

    @Test func aPhraseIsRefusedSayingWhyAndHowToMakeAToken() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write("thequickbrownfoxjumpsoverthelazydog", in: directory)
        #expect(throws: TokenFileError.words(path, bitsBesidesWords: TokenStrength.bitsBesidesWords("thequickbrownfoxjumpsoverthelazydog"))) {
            try TokenFile.load(path: path)
        }
        let message = TokenFileError.words(path, bitsBesidesWords: 52).description
        #expect(message.contains("reads like words") && message.contains("coord init") && message.contains("openssl rand -hex 32 > \(path)"), "\(message)")
    }

    @Test func oversizedFileIsRefusedWithoutReadingItAll() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write(String(repeating: Self.strong, count: 100), in: directory)
        #expect(throws: TokenFileError.unreadable(path, reason: "it is larger than 4096 bytes, but should hold one token")) {
            try TokenFile.load(path: path)
        }
    }
}
