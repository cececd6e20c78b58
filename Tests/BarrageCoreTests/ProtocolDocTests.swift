import Foundation
import Testing
@testable import BarrageCore

/// Keeps docs/PROTOCOL.md and the code in step: every JSON example must decode, and every
/// message type and error kind must be documented.
struct ProtocolDocTests {
    /// docs/PROTOCOL.md (or another file of docs/), found by walking up from this file to the package root.
    static func protocolDoc(_ name: String = "PROTOCOL.md", filePath: String = #filePath) throws -> String {
        var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("docs/" + name)
            if FileManager.default.fileExists(atPath: candidate.path) {
                return try String(contentsOf: candidate, encoding: .utf8)
            }
            directory = directory.deletingLastPathComponent()
        }
        throw DocNotFound(name: name, start: filePath)
    }

    struct DocNotFound: Error, CustomStringConvertible {
        var name: String
        var start: String
        var description: String { "docs/\(name) not found above \(start)" }
    }

    /// The contents of every ```json (or `fence`) block, with the line each starts on.
    static func jsonBlocks(in doc: String, fence: String = "```json") -> [(line: Int, text: String)] {
        var blocks: [(Int, String)] = []
        var current: [Substring]?
        var start = 0
        for (number, line) in doc.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var lines = current {
                if trimmed == "```" {
                    blocks.append((start, lines.joined(separator: "\n")))
                    current = nil
                } else {
                    lines.append(line)
                    current = lines
                }
            } else if trimmed == fence {
                current = []
                start = number + 2
            }
        }
        return blocks
    }

    @Test func everyJSONExampleDecodesAndEveryTypeIsShown() throws {
        let doc = try Self.protocolDoc()
        let blocks = Self.jsonBlocks(in: doc)
        #expect(blocks.count >= Message.Kind.allCases.count)
        var shown: Set<Message.Kind> = []
        for block in blocks {
            do {
                let message = try MessageCoding.decode(line: block.text)
                shown.insert(message.kind)
                // What the code writes for it must read back the same.
                #expect(try MessageCoding.decode(MessageCoding.encode(message).dropLast()) == message)
            } catch {
                Issue.record("docs/PROTOCOL.md line \(block.line): \(error)")
            }
        }
        let missing = Message.Kind.allCases.filter { !shown.contains($0) }.map(\.rawValue)
        #expect(missing.isEmpty, "no JSON example for: \(missing.joined(separator: ", "))")
    }

    @Test func everyErrorKindIsDocumented() throws {
        let doc = try Self.protocolDoc()
        for kind in ProtocolErrorMessage.Kind.allCases {
            #expect(doc.contains("`\(kind.rawValue)`"), "error kind \(kind.rawValue) is not in docs/PROTOCOL.md")
        }
    }

    @Test func documentsTheCurrentVersionAndFrameLimit() throws {
        let doc = try Self.protocolDoc()
        #expect(doc.contains("Protocol version \(ProtocolVersion.current)"))
        #expect(doc.contains("\(ProtocolLimits.defaultMaxFrameBytes) bytes"))
        #expect(doc.contains("before that (until `auth_ok` on both sides) \(ProtocolLimits.preAuthMaxFrameBytes) bytes"))
        #expect(doc.contains("at most \(ProtocolLimits.maxUnauthenticatedConnections) connections that have not finished TLS"))
        #expect(doc.contains("barrage-control-v\(ProtocolVersion.current)"))
    }
}
