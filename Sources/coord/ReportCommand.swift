import ArgumentParser
import BarrageCoordinator
import BarrageCore
import BarrageResults
import Foundation

/// `coord report DIR`: the summary of a run again, rebuilt from its results folder's journal
/// alone; also writes the folder's summary.txt, summary.json and report.html afresh. A journal cut
/// short (the coordinator was killed) gives the summary of what was recorded, marked partial.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Re-render a run's summary, summary.json and report.html from its results folder."
    )

    @Argument(help: "A results folder written by coord run (results/<time>-<id>).")
    var folder: String

    func run() async throws {
        if let runs = Self.runFolders(in: folder) {
            throw CommandFailure.badInput(
                "\(folder) holds no journal.jsonl but \(runs.count) run folder\(runs.count == 1 ? "" : "s"), newest first: "
                    + runs.prefix(5).joined(separator: ", ") + (runs.count > 5 ? ", ..." : "")
                    + "; e.g. coord report \((folder as NSString).appendingPathComponent(runs[0]))")
        }
        let folder = ResultsFolder(path: folder)
        let run: ReplayedRun
        do {
            run = try folder.replay()
        } catch {
            throw CommandFailure.badInput(error.description)
        }
        print(run.summaryText)
        let report = run.report
        if let failure = folder.writeSummaries(report, trendStats: run.trendStats, showPhases: run.plan.showPhases, seconds: run.seconds).first {
            throw CommandFailure(message: failure, exitCode: ExitCodes.failure)
        }
        if ThresholdEvaluator.anyFailed(report.thresholdResults) || run.abortedByThresholds {
            throw CommandFailure(message: "some thresholds have failed", exitCode: ExitCodes.thresholdsFailed)
        }
    }

    /// The run folders (those holding a journal) in `path`, newest first by name, when `path` is a
    /// parent such as `results/` rather than a run folder; nil otherwise.
    static func runFolders(in path: String) -> [String]? {
        let files = FileManager.default
        guard !files.fileExists(atPath: (path as NSString).appendingPathComponent("journal.jsonl")),
            let names = try? files.contentsOfDirectory(atPath: path)
        else { return nil }
        let runs = names.filter { files.fileExists(atPath: ((path as NSString).appendingPathComponent($0) as NSString).appendingPathComponent("journal.jsonl")) }
        return runs.isEmpty ? nil : runs.sorted(by: >).map { PeerText.escape($0, limit: 80) }
    }
}
