/// What ``Engine/poll()`` tells between collections: whether the loops started and finished,
/// without handing out (or copying) the metrics gathered so far.
public struct EngineProgress: Sendable, Equatable {
    /// The earliest instant a loop started its VUs, once one has.
    public var startedAtWallMicros: Int64?
    /// Every loop has finished.
    public var finished: Bool

    public init(startedAtWallMicros: Int64? = nil, finished: Bool = false) {
        self.startedAtWallMicros = startedAtWallMicros
        self.finished = finished
    }
}
