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

    private func write(_ text: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent("token")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func readsAndTrimsAToken() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write("  0123456789abcdef0123\n\n", in: directory)
        #expect(try TokenFile.read(path: path) == "0123456789abcdef0123")
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
        let errors: [TokenFileError] = [.missing("/t"), .unreadable("/t", reason: "x"), .empty("/t"), .tooShort("/t", length: 3)]
        for error in errors { #expect(!error.description.contains("\n")) }
    }
}
