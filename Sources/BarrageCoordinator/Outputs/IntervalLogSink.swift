import BarrageCore
import BarrageResults
import Synchronization

/// `--hdr-log FILE` and the results folder's `http_req_duration.hlog`: the merged
/// http_req_duration of each closed second as a standard HdrHistogram interval log
/// (``HdrIntervalLogWriter``), appended as each second closes, timestamps relative to the first.
public final class IntervalLogSink: OutputSink {
    private let file: AppendedFile
    private let warn: @Sendable (String) -> Void
    private let startMicros = Mutex<Int64?>(nil)

    /// - Throws: ``OutputError/cannotCreate(path:)``.
    public init(path: String, warn: @escaping @Sendable (String) -> Void) throws(OutputError) {
        file = try AppendedFile(path: path, warn: warn)
        self.warn = warn
    }

    public func record(_ second: SecondRow) {
        let start = startMicros.withLock { start in
            if let start { return start }
            start = second.startMicros
            file.append(HdrIntervalLogWriter.header(startTimeEpochSeconds: Double(second.startMicros) / 1e6))
            return second.startMicros
        }
        guard let histogram = second.httpReqDuration else {
            // Every second the run hands over carries its histogram; say so rather than skip silently.
            warn("\(file.path): second \(second.seq) left out: it came without its histogram")
            return
        }
        file.append(HdrIntervalLogWriter.line(
            startOffsetSeconds: Double(second.startMicros - start) / 1e6,
            lengthSeconds: Double(second.lengthMicros) / 1e6, histogram: histogram))
    }

    public func finish(_ run: FinishedRun?) async -> [String] {
        file.close()
        return []
    }
}
