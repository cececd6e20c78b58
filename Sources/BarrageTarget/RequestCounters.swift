import Synchronization

/// Thread-safe response counters shared by every connection of one ``TargetServer``.
///
/// One relaxed atomic add per response: next to writing a 48 KB page this is noise, and it keeps
/// `/stats` exact without a lock. Reads in ``snapshot()`` are per counter, so a snapshot taken under
/// load may mix instants by a few requests; once the load stops it is exact.
final class RequestCounters: Sendable {
    private let posts = Atomic<Int>(0)
    private let healthz = Atomic<Int>(0)
    private let stats = Atomic<Int>(0)
    private let other = Atomic<Int>(0)
    private let created = Atomic<Int>(0)

    init() {}

    /// Counts one response written for `route`; call it when the response is written.
    func record(_ route: Route) {
        switch route {
        case .posts: posts.wrappingAdd(1, ordering: .relaxed)
        case .healthz: healthz.wrappingAdd(1, ordering: .relaxed)
        case .stats: stats.wrappingAdd(1, ordering: .relaxed)
        case .other: other.wrappingAdd(1, ordering: .relaxed)
        case .created: created.wrappingAdd(1, ordering: .relaxed)
        }
    }

    /// The current counts.
    func snapshot() -> RequestCounts {
        RequestCounts(
            posts: posts.load(ordering: .relaxed),
            healthz: healthz.load(ordering: .relaxed),
            stats: stats.load(ordering: .relaxed),
            other: other.load(ordering: .relaxed),
            created: created.load(ordering: .relaxed)
        )
    }
}
