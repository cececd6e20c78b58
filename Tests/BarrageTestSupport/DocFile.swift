import Foundation

/// The project's docs/ files, read by the tests that keep them and the code in step.
public enum DocFile {
    /// docs/PROTOCOL.md (or another file of docs/), found by walking up from this file to the package root.
    public static func read(_ name: String = "PROTOCOL.md", filePath: String = #filePath) throws -> String {
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

    public struct DocNotFound: Error, CustomStringConvertible {
        var name: String
        var start: String
        public var description: String { "docs/\(name) not found above \(start)" }
    }

    /// The contents of every ```json (or `fence`) block, with the line each starts on.
    public static func jsonBlocks(in doc: String, fence: String = "```json") -> [(line: Int, text: String)] {
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
}
