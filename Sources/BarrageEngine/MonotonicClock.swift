#if canImport(Glibc)
import Glibc
#endif

/// Microsecond clock reads for the hot path: `clock_gettime` without `Duration` arithmetic.
enum MonotonicClock {
    @inline(__always)
    static func nowMicros() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }

    /// Wall-clock µs since the epoch, for reporting when a loop actually started.
    static func wallMicros() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }
}
