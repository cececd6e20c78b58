import BarrageCore
import BarrageResults
import BarrageWire
import Foundation

/// A run's results folder, `results/<UTC time>-<short id>/`: the journal (plan, one line per
/// closed second, end), the HdrHistogram interval log, and at the end the summary as text and
/// JSON and the report page.
public struct ResultsFolder: Sendable {
    public static let journal = JournalCoding.fileName
    public static let intervalLog = "http_req_duration.hlog"
    public static let summaryText = "summary.txt"
    public static let summaryJSON = "summary.json"
    public static let reportPage = "report.html"

    /// The folder's path.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The path of `file` inside the folder.
    public func file(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    /// Creates a new folder under `parent` named after the UTC time and a short random id,
    /// e.g. `2026-12-01T214500Z-3fa9c1`.
    /// - Throws: ``OutputError/cannotCreateFolder(path:reason:)``.
    public static func create(parent: String, nowMicros: Int64, id: String) throws(OutputError) -> ResultsFolder {
        let path = (parent as NSString).appendingPathComponent(folderName(nowMicros: nowMicros, id: id))
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateFolder(path: path, reason: error.localizedDescription)
        }
        return ResultsFolder(path: path)
    }

    /// `2026-12-01T214500Z-3fa9c1`: sorts by time, and has no colons (awkward in paths).
    static func folderName(nowMicros: Int64, id: String) -> String {
        let iso = ISO8601Time.format(micros: nowMicros)  // 2026-12-01T21:45:00.000Z
        return String(iso.prefix(19)).replacingOccurrences(of: ":", with: "") + "Z-" + id
    }

    /// A short random id: six hex digits.
    public static func shortId() -> String {
        let digits = String(UInt32.random(in: 0...0xFF_FFFF), radix: 16)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// Writes summary.txt, summary.json and report.html for `report`.
    /// - Parameter seconds: the run's closed seconds, for the report page's charts.
    /// - Returns: one message per file that could not be written.
    public func writeSummaries(_ report: RunReport, trendStats: [TrendStat], showPhases: Bool, seconds: [SecondRow]) -> [String] {
        let summary = SummaryRenderer(trendStats: trendStats, showPhases: showPhases).render(report)
        let page = ReportData.finished(report, summary: summary, seconds: seconds, agents: report.agents.map(\.name))
        let files = [
            (Self.summaryText, SummaryText.render(report, trendStats: trendStats, showPhases: showPhases) + "\n"),
            (Self.summaryJSON, SummaryExport.json(report, trendStats: trendStats, includePhases: showPhases) + "\n"),
            (Self.reportPage, ReportPage.html(page)),
        ]
        var failures: [String] = []
        for (name, text) in files {
            do {
                try text.write(toFile: file(name), atomically: true, encoding: .utf8)
            } catch {
                failures.append("cannot write \(file(name)): \(error.localizedDescription)")
            }
        }
        return failures
    }

    /// Reads and replays the folder's journal, streaming it: one line and the run's seconds are
    /// held, never the whole file.
    /// - Throws: ``JournalError`` naming the file and line of what is wrong.
    public func replay() throws(JournalError) -> ReplayedRun {
        let path = file(Self.journal)
        var reader = JournalReader(file: path)
        do {
            try RegularFile.forEachChunk(path) { try reader.feed($0) }
        } catch let error as JournalError {
            throw error
        } catch {
            throw JournalError(file: path, line: 0, detail: "cannot read: \(error)")
        }
        return try reader.finish()
    }

    /// The figures of a run to compare: a results folder (its summary.json, or its journal
    /// replayed when the run was cut short) or a summary export file (Barrage's or k6's).
    /// - Throws: ``JournalError`` naming the file.
    public static func figures(at path: String) throws(JournalError) -> RunFigures {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw JournalError(file: path, line: 0, detail: "no such file or folder")
        }
        var file = path
        if isFolder.boolValue {
            let folder = ResultsFolder(path: path)
            file = folder.file(summaryJSON)
            if !FileManager.default.fileExists(atPath: file) {
                let run = try folder.replay()
                return try RunFigures.parse(
                    SummaryExport.json(run.report, trendStats: run.trendStats, includePhases: run.plan.showPhases), file: file)
            }
        }
        let data: Data
        do {
            data = try RegularFile.read(file, maxBytes: RunFigures.maxFileBytes)
        } catch {
            throw JournalError(file: file, line: 0, detail: "cannot read: \(error)")
        }
        return try RunFigures.parse(data, file: file)
    }
}
