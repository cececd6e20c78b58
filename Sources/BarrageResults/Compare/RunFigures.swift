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

    /// The largest summary export read (a real one is a few KiB; k6's with many tags, a few MiB).
    public static let maxFileBytes = 64 << 20
    /// Metrics read from one export, and the stats of one metric.
    public static let maxMetrics = 10_000
    public static let maxStats = 64

    /// Parses a summary export.
    /// - Parameter file: the name errors carry.
    /// - Throws: ``JournalError`` (line 0): not JSON, no `metrics` object.
    public static func parse(_ text: String, file: String) throws(JournalError) -> RunFigures {
        try parse(Data(text.utf8), file: file)
    }

    /// Parses a summary export's bytes: names longer than ``JournalLimits/maxNameBytes``, and more
    /// metrics or stats than are read, are refused (a 50 MB name would take minutes to lay out).
    /// - Throws: ``JournalError`` (line 0).
    public static func parse(_ data: Data, file: String) throws(JournalError) -> RunFigures {
        let export: Export
        do {
            export = try JSONDecoder().decode(Export.self, from: data)
        } catch DecodingError.keyNotFound {
            throw JournalError(file: file, line: 0, detail: "not a summary export: no \"metrics\" object (write one with --summary-export)")
        } catch {
            throw JournalError(file: file, line: 0, detail: "not a summary export: \(JournalCoding.describe(error))")
        }
        guard export.metrics.count <= maxMetrics else {
            throw JournalError(file: file, line: 0, detail: "\(export.metrics.count) metrics, at most \(maxMetrics) are read")
        }
        var figures: [String: [String: Double]] = [:]
        for (name, stats) in export.metrics {
            let tooLong = ([name] + stats.keys).first { $0.utf8.count > JournalLimits.maxNameBytes }
            guard tooLong == nil, stats.count <= maxStats else {
                throw JournalError(
                    file: file, line: 0,
                    detail: "metric \(PeerText.escape(name, limit: 80)) has a name of \(tooLong?.utf8.count ?? 0) bytes or \(stats.count) stats "
                        + "(at most \(JournalLimits.maxNameBytes) bytes and \(maxStats) stats)")
            }
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
