/// One VU's state machine: start an iteration (send the request), wait for curl to finish it,
/// think, and start again; `done` once the run stops starting iterations.
///
/// A plain value in the loop's array: a VU is a few words and a curl handle, not a thread or Task.
struct VirtualUser {
    enum State: UInt8 {
        case idle, requesting, thinking, done
    }

    var state: State = .idle
    let easy: CurlEasy
    var iterationStartMicros: Int64 = 0
}
