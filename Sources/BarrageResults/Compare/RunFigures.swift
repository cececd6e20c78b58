import BarrageCore
import Foundation

/// The end-of-test figures of one run, as a summary export holds them: metric name (with any tag
/// selector, `http_req_duration{name:feed}`) → stat (`avg`, `p(95)`, `count`, `rate`, `value`) → number.
///
/// Read from Barrage's `summary.json` / `--summary-export` and from k6's own `--summary-export`
/// (the same legacy shape); anything that is not a number (k6's `thresholds` maps) is skipped.
public struct RunFigures: Sendable, Equatable {
    public var metrics: [String: [String: Double]]

    public init(metrics: [String: [String: Double]]) {
        self.metrics = metrics
    }

    /// The stat `stat` of `metric`, or nil when the file does not have it.
    public func value(_ metric: String, _ stat: String) -> Double? {
        metrics[metric]?[stat]
    }

    /// Parses a summary export.
    /// - Parameter file: the name errors carry.
    /// - Throws: ``JournalError`` (line 0): not JSON, no `metrics` object.
    public static func parse(_ text: String, file: String) throws(JournalError) -> RunFigures {
        let export: Export
        do {
            export = try JSONDecoder().decode(Export.self, from: Data(text.utf8))
        } catch DecodingError.keyNotFound {
            throw JournalError(file: file, line: 0, detail: "not a summary export: no \"metrics\" object (write one with --summary-export)")
        } catch {
            throw JournalError(file: file, line: 0, detail: "not a summary export: \(JournalCoding.describe(error))")
        }
        var figures: [String: [String: Double]] = [:]
        for (name, stats) in export.metrics {
            figures[name] = stats.compactMapValues(\.number)
        }
        return RunFigures(metrics: figures)
    }

    /// The part of an export read: `metrics`, each stat a number or something else (skipped).
    private struct Export: Decodable {
        var metrics: [String: [String: Stat]]
    }

    private struct Stat: Decodable {
        var number: Double?

        init(from decoder: any Decoder) throws {
            // Not a number (k6 writes each metric's `thresholds` as an object): not a figure, skipped.
            number = try? decoder.singleValueContainer().decode(Double.self)
        }
    }
}
