#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock microseconds since the epoch: the time base of the protocol's `_micros` instants,
/// which the coordinator maps between machines with the clock offsets it measures.
public enum WallClock {
    public static func nowMicros() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }
}
