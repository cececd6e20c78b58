import BarrageCore
import BarrageResults

/// `--out csv=FILE`: one CSV row per closed second (``SeriesFormat``), the header first.
public final class CSVSink: OutputSink {
    private let file: AppendedFile
    private let agents: [String]

    /// Creates the file and writes the header, so a bad path fails before any load is sent.
    /// - Parameter agents: the agents' names in the order given (the per-agent columns).
    public init(path: String, agents: [String], warn: @escaping @Sendable (String) -> Void) throws(OutputError) {
        file = try AppendedFile(path: path, warn: warn)
        self.agents = agents
        file.append(SeriesFormat.csvHeader(agents: agents) + "\n")
    }

    public func record(_ second: SecondRow) {
        file.append(SeriesFormat.csvRow(second, agents: agents) + "\n")
    }

    public func finish(_ run: FinishedRun?) async -> [String] {
        file.close()
        return []
    }
}
