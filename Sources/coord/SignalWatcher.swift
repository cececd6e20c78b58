import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Counts SIGINT/SIGTERM without killing the process, so the first Ctrl-C can stop gracefully and
/// the second at once, and both still print the summary.
///
/// `@unchecked Sendable`: the sources are created once in `init` and only cancelled afterwards,
/// which Dispatch allows from any thread.
final class SignalWatcher: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    /// - Parameter onSignal: called on a Dispatch queue with the number of signals received so far.
    init(_ onSignal: @escaping @Sendable (Int) -> Void) {
        let queue = DispatchQueue(label: "barrage.signals")
        let counter = SignalCounter()
        sources = [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { onSignal(counter.increment()) }
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}

/// Only touched on the watcher's serial queue.
private final class SignalCounter: @unchecked Sendable {
    private var count = 0
    func increment() -> Int { count += 1; return count }
}
