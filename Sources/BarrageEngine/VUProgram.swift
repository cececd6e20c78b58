import BarrageCore

/// What every VU of one loop runs, built once per run on the loop's thread: the iteration's
/// requests turned into what curl needs, the think times, and whether bodies are captured.
///
/// Owned by its ``EventLoop`` (not `Sendable`): the header lists and bodies it holds are read by
/// curl without copying, so they live exactly as long as the loop.
final class VUProgram {
    let requests: [PreparedRequest]
    /// Think time after each iteration, after the last request's own.
    let iterationSleep: ThinkTime
    /// Whether any request needs its response body kept (a `bodyContains` check).
    let capturesBodies: Bool

    init(spec: RunSpec) {
        requests = spec.iterationRequests.map(PreparedRequest.init)
        iterationSleep = spec.thinkTime
        capturesBodies = requests.contains { $0.needsBody }
    }

    deinit {
        for request in requests { request.free() }
    }

    /// Whether `request` is the iteration's last.
    @inline(__always)
    func isLast(_ request: Int) -> Bool { request == requests.count - 1 }
}
