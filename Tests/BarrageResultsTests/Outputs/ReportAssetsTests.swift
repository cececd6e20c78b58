import Foundation
import Testing
@testable import BarrageResults

/// The report's script and stylesheet are the files in Sources/BarrageResults/Resources, compiled
/// into the binary, and can be inlined safely.
struct ReportAssetsTests {
    /// Sources/BarrageResults/Resources/`name`, found from this file's place in the package.
    private static func resource(_ name: String, filePath: String = #filePath) throws -> String {
        let root = URL(fileURLWithPath: filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("Sources/BarrageResults/Resources/" + name), encoding: .utf8)
    }

    @Test func theBinaryHoldsTheFilesAsTheyAre() throws {
        #expect(try Self.resource("report.js") == ReportAssets.javaScript + "\n")
        #expect(try Self.resource("report.css") == ReportAssets.css + "\n")
        #expect(ReportAssets.javaScript.contains("function drawChart"))
        #expect(ReportAssets.css.contains(".chart"))
    }

    /// Inlined in `<script>` and `<style>`, neither may contain what ends that element early.
    @Test func neitherCanEndItsElementEarly() {
        #expect(ReportAssets.javaScript.range(of: "</script", options: .caseInsensitive) == nil)
        #expect(ReportAssets.css.range(of: "</style", options: .caseInsensitive) == nil)
    }

    @Test func thePageInlinesBoth() {
        let data = ReportData(
            title: "t", url: "http://127.0.0.1:1/", live: false, agents: [], summary: "", seconds: [],
            elapsedMicros: 0, plannedMicros: 0, finished: true, agentStatus: [])
        let html = ReportPage.html(data)
        #expect(html.contains("<style>" + ReportAssets.css + "</style>"))
        #expect(html.contains("<script>" + ReportAssets.javaScript + "</script>"))
    }
}
