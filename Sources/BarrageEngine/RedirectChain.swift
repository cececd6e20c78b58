import CCurl

/// Where a VU is in following the redirects of its request (``EventLoop`` follows each hop
/// itself): how many it followed, whether the method became GET, and the header list without
/// credentials once a hop left the request's host. A few words on the VU; exists only while a
/// chain runs, so a request that is not redirected pays nothing.
struct RedirectChain {
    /// Hops followed so far (at most `http.maxRedirects`).
    var hops = 0
    /// The chain's transfers so far, ms: the request's timeout covers the whole chain, as in k6.
    var elapsedMillis = 0
    /// The hops are sent as GET without a body (a 303, or a 301/302 after a POST).
    var asGET = false
    /// The request's headers without ``BarrageCore/RedirectRule/credentialHeaders``, set on the
    /// handle once a hop went to another host; owned here, freed by ``free()``.
    var headersWithoutCredentials: UnsafeMutablePointer<curl_slist>?

    /// Frees the header list (call only once the handle no longer uses it).
    mutating func free() {
        if let list = headersWithoutCredentials { curl_slist_free_all(list) }
        headersWithoutCredentials = nil
    }
}
