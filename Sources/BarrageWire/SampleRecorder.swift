#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Appends every `sample` frame a process receives to a file, one line each, when the environment
/// variable `BARRAGE_RECORD_SAMPLES` names one: the input of the coordinator's replay benchmark
/// (`coord bench-replay`, Benchmarks/README.md). Unset (always, outside benchmarks), it costs one
/// nil check per frame.
final class SampleRecorder: Sendable {
    static let variable = "BARRAGE_RECORD_SAMPLES"

    /// The recorder of this process, or nil when the variable is unset or the file cannot be opened
    /// (said once on stderr: a benchmark aid must not stop a run).
    static let shared: SampleRecorder? = {
        guard let path = getenv(variable).map({ String(cString: $0) }), !path.isEmpty else { return nil }
        guard let file = fopen(path, "a") else {
            let line = "\(variable): cannot open \(path) for appending; not recording samples\n"
            _ = line.withCString { write(2, $0, strlen($0)) }
            return nil
        }
        return SampleRecorder(file: file)
    }()

    /// The open file, used only inside `file.withLock` (the mutex serializes every write), which is
    /// what makes sharing the `FILE *` between event-loop threads safe.
    private struct Handle: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<FILE>
    }

    private let file: Mutex<Handle>

    private init(file: UnsafeMutablePointer<FILE>) {
        self.file = Mutex(Handle(pointer: file))
    }

    /// Writes `frame` and a newline; flushed at once so a killed process leaves whole lines.
    func record(_ frame: UnsafeRawBufferPointer) {
        file.withLock { handle in
            _ = fwrite(frame.baseAddress, 1, frame.count, handle.pointer)
            _ = fputc(0x0A, handle.pointer)
            _ = fflush(handle.pointer)
        }
    }
}
