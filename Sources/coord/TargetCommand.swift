import ArgumentParser
import BarrageCore
import BarrageTarget
import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `coord target`: runs the demo feed server until SIGINT or SIGTERM.
///
/// Prints exactly one line to stdout once bound, `listening on http://HOST:PORT` with the real port,
/// and flushes it, so a parent process reading the pipe (or a script using `--listen 127.0.0.1:0`)
/// learns the address at once. Exits 0 on SIGINT/SIGTERM.
struct TargetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "target",
        abstract: "Serve the demo feed (GET /api/posts/, about 48 KB of JSON), /healthz and /stats."
    )

    @Option(help: "Address to listen on, HOST:PORT or [IPv6]:PORT; port 0 picks a free port.")
    var listen: String = "127.0.0.1:8080"

    @Option(help: "Event loop threads (default: the number of cores).")
    var threads: Int?

    @Option(help: "Answer the feed only after this long, e.g. 50ms (a slower server to compare runs against).")
    var delay: String?

    func validate() throws {
        do {
            _ = try ListenAddress(parsing: listen)
        } catch {
            throw ValidationError(error.description)
        }
        if let threads, threads < 1 {
            throw ValidationError("--threads must be at least 1, but is \(threads)")
        }
        _ = try delayMicros()
    }

    /// `--delay` in µs (0 when absent).
    private func delayMicros() throws -> Int64 {
        guard let delay else { return 0 }
        do {
            return try DurationParser.parse(delay).microseconds
        } catch {
            throw ValidationError("--delay must be a duration such as 50ms, but is '\(delay)'")
        }
    }

    func run() async throws {
        let address: ListenAddress
        do {
            address = try ListenAddress(parsing: listen)
        } catch {
            throw ValidationError(error.description)
        }
        let target = try await TargetServer.start(
            host: address.host, port: address.port, threads: threads ?? TargetServer.defaultThreadCount,
            feedDelayMicros: try delayMicros()
        )
        // Install the handlers before announcing the address: a parent may signal right after reading it.
        let signalSources = Self.stopOnSignals([SIGINT, SIGTERM], target: target)
        print("listening on http://\(target.address)")
        // stdout is block-buffered when it is a pipe; flush so the parent sees the line now.
        // fflush(nil) flushes every stream and avoids touching the C global `stdout` under strict concurrency.
        fflush(nil)
        try await target.waitUntilClosed()
        for source in signalSources { source.cancel() }
    }

    /// Replaces the default action of `signals` (terminate) with a call to ``RunningTarget/stop()``.
    private static func stopOnSignals(_ signals: [Int32], target: RunningTarget) -> [any DispatchSourceSignal] {
        let queue = DispatchQueue(label: "coord.target.signals")
        return signals.map { signalNumber in
            // Dispatch delivers the signal only once its default action is disabled.
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { target.stop() }
            source.resume()
            return source
        }
    }
}
