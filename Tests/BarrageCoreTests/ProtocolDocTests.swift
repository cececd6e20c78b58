import Foundation
import BarrageTestSupport
import Testing
@testable import BarrageCore

/// Keeps docs/PROTOCOL.md and the code in step: every JSON example must decode, and every
/// message type and error kind must be documented.
struct ProtocolDocTests {
    @Test func everyJSONExampleDecodesAndEveryTypeIsShown() throws {
        let doc = try DocFile.read()
        let blocks = DocFile.jsonBlocks(in: doc)
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
        let doc = try DocFile.read()
        for kind in ProtocolErrorMessage.Kind.allCases {
            #expect(doc.contains("`\(kind.rawValue)`"), "error kind \(kind.rawValue) is not in docs/PROTOCOL.md")
        }
    }

    @Test func documentsTheCurrentVersionAndFrameLimit() throws {
        let doc = try DocFile.read()
        #expect(doc.contains("Protocol version \(ProtocolVersion.current)"))
        #expect(doc.contains("\(ProtocolLimits.defaultMaxFrameBytes) bytes"))
        #expect(doc.contains("before that (until `auth_ok` on both sides) \(ProtocolLimits.preAuthMaxFrameBytes) bytes"))
        #expect(doc.contains("at most \(ProtocolLimits.maxUnauthenticatedConnections) connections that have not finished TLS"))
        #expect(doc.contains("barrage-control-v\(ProtocolVersion.current)"))
    }
}
