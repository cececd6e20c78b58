import Foundation
import Synchronization

/// A file written line by line as a run goes. The first write that fails (disk full, file gone)
/// is warned about once; later writes are skipped, and the run and the other outputs go on.
final class AppendedFile: Sendable {
    let path: String
    private let handle: FileHandle
    private let warn: @Sendable (String) -> Void
    private let failed = Mutex(false)

    /// Creates (or truncates) `path`.
    /// - Throws: ``OutputError/cannotCreate(path:)``.
    init(path: String, warn: @escaping @Sendable (String) -> Void) throws(OutputError) {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw .cannotCreate(path: path)
        }
        self.path = path
        self.handle = handle
        self.warn = warn
    }

    /// Appends `text`; with `sync`, also waits until it is on disk (the journal survives a power cut).
    func append(_ text: String, sync: Bool = false) {
        guard !failed.withLock({ $0 }) else { return }
        do {
            try handle.write(contentsOf: Data(text.utf8))
            if sync { try handle.synchronize() }
        } catch {
            failed.withLock { $0 = true }
            warn("\(path) stopped being written: \(error.localizedDescription)")
        }
    }

    func close() {
        try? handle.close()
    }
}
