import BarrageCore
import BarrageResults

/// `--out json=FILE`: JSON Lines, one object per closed second (``SeriesFormat``).
public final class JSONLinesSink: OutputSink {
    private let file: AppendedFile

    public init(path: String, warn: @escaping @Sendable (String) -> Void) throws(OutputError) {
        file = try AppendedFile(path: path, warn: warn)
    }

    public func record(_ second: SecondRow) {
        file.append(SeriesFormat.jsonLine(second) + "\n")
    }

    public func finish(_ run: FinishedRun?) async -> [String] {
        file.close()
        return []
    }
}
