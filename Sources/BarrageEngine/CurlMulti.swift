import CCurl

/// One multi handle per event loop, driven by `curl_multi_socket_action`: curl tells the loop which
/// sockets to watch (socket callback) and when to call back (timer callback), never polls them all.
///
/// See https://curl.se/libcurl/c/curl_multi_socket_action.html
struct CurlMulti {
    let handle: UnsafeMutableRawPointer

    init(maxConnections: Int) throws(CurlError) {
        guard CurlGlobal.initialized, let handle = curl_multi_init() else { throw .initFailed("a multi handle") }
        self.handle = handle
        // Keep every VU's idle connection in the cache, or keep-alive would be lost under load.
        try CurlError.check(barrage_multi_setopt_long(handle, CURLMOPT_MAXCONNECTS, maxConnections), "CURLMOPT_MAXCONNECTS")
        // One request per connection at a time, as a browser-like VU does (no HTTP/2 multiplexing).
        try CurlError.check(barrage_multi_setopt_long(handle, CURLMOPT_PIPELINING, 0), "CURLMOPT_PIPELINING")
    }

    /// Installs the callbacks; `context` is passed back to both (the loop, unretained).
    func setCallbacks(
        socket: curl_socket_callback, timer: curl_multi_timer_callback, context: UnsafeMutableRawPointer
    ) throws(CurlError) {
        try CurlError.check(barrage_multi_setopt_socket_function(handle, socket), "CURLMOPT_SOCKETFUNCTION")
        try CurlError.check(barrage_multi_setopt_pointer(handle, CURLMOPT_SOCKETDATA, context), "CURLMOPT_SOCKETDATA")
        try CurlError.check(barrage_multi_setopt_timer_function(handle, timer), "CURLMOPT_TIMERFUNCTION")
        try CurlError.check(barrage_multi_setopt_pointer(handle, CURLMOPT_TIMERDATA, context), "CURLMOPT_TIMERDATA")
    }

    @inline(__always)
    func add(_ easy: CurlEasy) -> Bool { curl_multi_add_handle(handle, easy.handle) == CURLM_OK }

    @inline(__always)
    func remove(_ easy: CurlEasy) { curl_multi_remove_handle(handle, easy.handle) }

    @inline(__always)
    func socketAction(_ socket: Int32, _ mask: Int32) {
        var running: Int32 = 0
        curl_multi_socket_action(handle, socket, mask, &running)
    }

    /// Calls `body(easyHandle, result)` for each finished transfer.
    @inline(__always)
    func drainCompleted(_ body: (UnsafeMutableRawPointer, CURLcode) -> Void) {
        var pending: Int32 = 0
        while let message = curl_multi_info_read(handle, &pending) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            body(easy, barrage_msg_result(message))
        }
    }

    func cleanup() { curl_multi_cleanup(handle) }
}
