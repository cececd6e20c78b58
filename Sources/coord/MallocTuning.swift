#if canImport(Glibc)
import Glibc
#endif

/// glibc malloc settings for the long-running commands (`run`, `agent`), set before any thread starts.
enum MallocTuning {
    /// `M_MMAP_THRESHOLD` from glibc's <malloc.h> (not part of the Glibc module).
    private static let mmapThresholdParameter: Int32 = -3
    private typealias Mallopt = @convention(c) (Int32, Int32) -> Int32

    /// Fixes the mmap threshold at glibc's default of 128 KiB. Left alone, glibc raises it to the
    /// size of the largest block freed so far, so once the first ~190 KB histogram is freed every
    /// later one comes from the heap arenas, and the histograms made and dropped every second
    /// (per event loop, per agent sample, per coordinator merge) leave freed but resident holes
    /// there. With a fixed threshold each histogram is its own mapping, returned to the system when
    /// it is freed. Smaller blocks (all per-request allocations) are not affected.
    /// Does nothing where `mallopt` does not exist (another C library).
    static func apply() {
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(mmapThresholdParameter, 128 * 1024)
    }
}
