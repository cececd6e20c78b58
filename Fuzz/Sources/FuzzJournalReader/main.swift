import BarrageCore
import BarrageResults

/// A results file's bytes through everything `coord report` and `coord compare` do with them:
/// ``JournalReader`` (fed in two pieces, split where the first byte says, so that lines cross
/// chunk boundaries), then the summary, its export, the report page and the comparison of the
/// run with itself. Any ``JournalError`` is fine; a crash, a trap or a hang is a bug. A report that
/// replays must export a summary that parses back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let split = bytes.isEmpty ? 0 : Int(bytes[0]) * bytes.count / 256
    var reader = JournalReader(file: "fuzz")
    let run: ReplayedRun
    do {
        try reader.feed(bytes[..<split])
        try reader.feed(bytes[split...])
        run = try reader.finish()
    } catch {
        return 0
    }
    let summary = run.summaryText
    let export = SummaryExport.json(run.report, trendStats: run.trendStats, includePhases: run.plan.showPhases)
    let page = ReportData.finished(run.report, summary: summary, seconds: run.seconds, agents: run.report.agents.map(\.name))
    _ = ReportPage.html(page)
    let figures: RunFigures
    do {
        figures = try RunFigures.parse(export, file: "summary.json")
    } catch {
        fatalError("a replayed run's export does not parse: \(error)")
    }
    _ = ComparisonRenderer.render(Comparison(base: figures, new: figures), baseName: "base", newName: "new", thresholds: [])
    return 0
}
