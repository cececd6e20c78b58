import ArgumentParser
import BarrageBench
import BarrageCoordinator
import BarrageCore
import Foundation

/// `coord bench-replay` (hidden): the coordinator's merge path under many in-memory agents that
/// replay recorded `sample` frames (Benchmarks/README.md, "Coordinator at many agents"). Record
/// the frames with `BARRAGE_RECORD_SAMPLES=FILE coord run ...`; prints one line of figures.
struct BenchReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-replay",
        abstract: "Benchmark: replay recorded sample frames from many in-memory agents through the coordinator.",
        shouldDisplay: false
    )

    @Option(help: "In-memory agents, each sending one frame a second.")
    var agents: Int = 1000

    @Option(help: "Seconds to feed (the last one only closes the measured window).")
    var seconds: Int = 20

    @Option(help: "Seconds fed before the CPU is measured.")
    var warmup: Int = 3

    @Option(help: "Recorded sample frames, one per line (BARRAGE_RECORD_SAMPLES=FILE coord run ...).")
    var frames: String

    func validate() throws {
        guard (1...100_000).contains(agents) else { throw ValidationError("--agents must be 1...100000, but is \(agents)") }
        guard (0...3600).contains(warmup) else { throw ValidationError("--warmup must be 0...3600, but is \(warmup)") }
        guard (warmup + 2...3600).contains(seconds) else {
            throw ValidationError("--seconds must be --warmup + 2 ... 3600, but is \(seconds)")
        }
    }

    func run() async throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: frames))
        } catch {
            throw CommandFailure.badInput("cannot read --frames \(frames): \(error.localizedDescription)")
        }
        let lines = data.split(separator: UInt8(ascii: "\n")).map { Array($0) }.filter { !$0.isEmpty }
        let figures: SampleReplay.Figures
        do {
            figures = try await SampleReplay.run(frames: lines, agents: agents, seconds: seconds, warmupSeconds: warmup)
        } catch {
            throw CommandFailure.badInput("--frames \(frames): \(error)")
        }
        let merged = figures.outcome.report.metrics.counters.httpReqs
        guard merged == figures.expectedRequests else {
            throw CommandFailure(
                message: "the run merged \(merged) requests, but the frames carried \(figures.expectedRequests)",
                exitCode: ExitCodes.failure)
        }
        let perSample = figures.samples > 0 ? 1000 * figures.cpuSeconds / Double(figures.samples) : 0
        let generation = figures.samples > 0 ? 1000 * figures.generationCPUSeconds / Double(figures.samples) : 0
        let share = figures.wallSeconds > 0 ? 100 * figures.cpuSeconds / figures.wallSeconds : 0
        print(String(
            format: "agents %d  frames %d (%d recorded)  CPU per agent-sample %.3f ms (of it making frames %.3f ms)  %.1f%% of a core  peak RSS %.0f MB  merged http_reqs %llu",
            figures.agents, figures.samples, lines.count, perSample, generation, share, Self.peakRSSMegabytes(), merged))
    }

    /// VmHWM of this process, MB.
    static func peakRSSMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }
}
