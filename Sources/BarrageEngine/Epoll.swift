import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// A thin owner of one epoll instance plus an eventfd used to wake the loop from other threads.
///
/// Not `Sendable`: it belongs to one event loop thread, except ``Waker`` which other threads use.
final class Epoll {
    let fd: Int32
    let waker: Waker
    private var registered: [Bool] = []
    private var events: UnsafeMutablePointer<epoll_event>
    let capacity: Int32 = 256

    /// - Parameter waker: the eventfd other threads write to; it closes itself when its last owner
    ///   (the loop or the engine's mailbox) lets go.
    init(waker: Waker) throws(EngineError) {
        fd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard fd >= 0 else { throw .system("epoll_create1", errno) }
        self.waker = waker
        events = .allocate(capacity: Int(capacity))
        var event = epoll_event(events: EPOLLIN.rawValue, data: epoll_data_t(fd: waker.fd))
        epoll_ctl(fd, EPOLL_CTL_ADD, waker.fd, &event)
    }

    deinit {
        events.deallocate()
        close(fd)
    }

    /// Registers, changes or removes interest in `socket`; `mask` 0 removes it.
    func update(socket: Int32, mask: UInt32) {
        let index = Int(socket)
        if index >= registered.count { registered.append(contentsOf: repeatElement(false, count: index + 64 - registered.count)) }
        if mask == 0 {
            if registered[index] { epoll_ctl(fd, EPOLL_CTL_DEL, socket, nil) }
            registered[index] = false
            return
        }
        var event = epoll_event(events: mask, data: epoll_data_t(fd: socket))
        epoll_ctl(fd, registered[index] ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, socket, &event)
        registered[index] = true
    }

    /// Waits up to `timeoutMillis` and calls `body(fd, events)` for each ready descriptor other than the waker.
    func wait(timeoutMillis: Int32, _ body: (Int32, UInt32) -> Void) -> Bool {
        let count = epoll_wait(fd, events, capacity, timeoutMillis)
        var woken = false
        guard count > 0 else { return false }
        for i in 0..<Int(count) {
            let event = events[i]
            if event.data.fd == waker.fd {
                waker.drain()
                woken = true
            } else {
                body(event.data.fd, event.events)
            }
        }
        return woken
    }
}

/// The eventfd that wakes an event loop; the only part of ``Epoll`` other threads touch.
///
/// A class that owns its descriptor from creation to `deinit`: an engine that is prepared and then
/// dropped (stop before start, a lost connection, a failed init) closes every eventfd it opened,
/// and a late ``wake()`` can never write to a descriptor number the process has since reused.
final class Waker: Sendable {
    let fd: Int32

    private init(fd: Int32) {
        self.fd = fd
    }

    static func make() throws(EngineError) -> Waker {
        let fd = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard fd >= 0 else { throw .system("eventfd", errno) }
        return Waker(fd: fd)
    }

    deinit {
        close(fd)
    }

    func wake() {
        var one: UInt64 = 1
        _ = write(fd, &one, 8)
    }

    func drain() {
        var value: UInt64 = 0
        _ = read(fd, &value, 8)
    }
}
