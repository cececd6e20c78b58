import ArgumentParser
import BarrageCoordinator
import BarrageCore
import BarrageResults

/// `coord compare BASE NEW`: two runs side by side with their deltas, regressions marked, and
/// thresholds on the new run against the base (exit 99 when one fails), so CI can gate on a baseline.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two runs (results folders or summary exports, k6's too) and gate on the change."
    )

    @Argument(help: "The base run: a results folder or a summary.json / --summary-export file.")
    var base: String

    @Argument(help: "The new run, in the same forms.")
    var new: String

    @OptionGroup var gate: CompareOptions

    func run() async throws {
        try Self.compare(base: base, new: new, thresholds: gate.thresholds())
    }

    /// Prints the comparison; throws exit 99 when a threshold fails, exit 2 for a bad file.
    static func compare(base: String, new: String, thresholds: [CompareThreshold]) throws {
        let baseFigures: RunFigures
        let newFigures: RunFigures
        do {
            baseFigures = try ResultsFolder.figures(at: base)
            newFigures = try ResultsFolder.figures(at: new)
        } catch {
            throw CommandFailure.badInput(error.description)
        }
        try compare(baseFigures, baseName: base, newFigures, newName: new, thresholds: thresholds)
    }

    static func compare(_ base: RunFigures, baseName: String, _ new: RunFigures, newName: String, thresholds: [CompareThreshold]) throws {
        let results = thresholds.map { $0.evaluate(base: base, new: new) }
        print(ComparisonRenderer.render(Comparison(base: base, new: new), baseName: baseName, newName: newName, thresholds: results))
        if results.contains(where: { !$0.passed }) {
            throw CommandFailure(message: "some comparison thresholds have failed", exitCode: ExitCodes.thresholdsFailed)
        }
    }
}
