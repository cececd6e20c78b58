import BarrageCore
import CCurl

/// Redirects followed by the engine, hop by hop, as k6 does: each 3xx with a Location is a
/// request of its own in every metric (its status, the request's name), and the next hop goes
/// out on the same handle, after the same checks as the first URL (http or https only, the host
/// in the agent's allow-list; ``ConnectPolicy/openSocket`` checks the connection again). After
/// `http.maxRedirects` hops the next 3xx is the final response. Checks, extractions and the
/// request's think time apply to the final response only; cookies set by any hop are in the
/// VU's jar, which is curl's.
///
/// Nothing here runs for a response that is not a followed redirect: the common path reads one
/// integer (the hop budget) and allocates nothing.
extension EventLoop {
    /// The Location to follow after VU `index`'s transfer, or nil when it is the final response.
    @inline(__always)
    func redirectLocation(_ index: Int, _ transfer: TransferResult, easy: UnsafeMutableRawPointer) -> UnsafePointer<CChar>? {
        guard program.maxRedirects > (vus[index].redirect?.hops ?? 0), transfer.isRedirect else { return nil }
        return CurlEasy.redirectURL(easy)
    }

    /// Counts the hop VU `index` just received, then sends the next one to `location`.
    /// - Returns: nil when the next hop went out; else what to record as the request's final
    ///   result, nothing having been sent: ``TransferResult/refusedHop`` (not http(s), outside
    ///   the allow-list, or curl refused an option) or ``TransferResult/chainTimedOut``.
    func followRedirect(
        _ index: Int, request: Int, _ transfer: TransferResult, to location: UnsafePointer<CChar>, easy: UnsafeMutableRawPointer
    ) -> TransferResult? {
        count(transfer, vu: index, request: request)
        var chain = vus[index].redirect ?? RedirectChain()
        // Whatever happens next, the handle no longer holds the request as prepared.
        vus[index].configuredRequest = -1
        defer { vus[index].redirect = chain }
        chain.elapsedMillis = chain.elapsedMillis.addingSaturating(Int(transfer.totalMicros / 1000))
        let remainingMillis = program.requests[request].timeoutMillis - chain.elapsedMillis
        guard remainingMillis > 0 else { return .chainTimedOut }
        let url = String(cString: location)
        let target: (host: String, port: Int)
        do {
            target = try CurlURL.hostAndPort(of: url)
        } catch {
            return .refusedHop
        }
        if let policy = connectPolicy, !policy.allows(host: target.host, port: target.port) {
            // The agent logs the first refusal ("refused a connection to ...: not in --allow-target").
            policy.refuse("\(target.host):\(target.port)")
            return .refusedHop
        }
        let handle = vus[index].easy
        let spec = program.requests[request].prepared.spec
        do {
            if chain.headersWithoutCredentials == nil, leavesHost(url, target: target, easy: easy) {
                chain.headersWithoutCredentials = headersWithoutCredentials(index, request: request)
                try handle.setHeaders(chain.headersWithoutCredentials)
            }
            try handle.setURL(location)
            try handle.setTimeout(millis: remainingMillis)
            if !chain.asGET, RedirectRule.method(after: transfer.status, method: spec.method) == .get {
                try handle.switchToGET()
                chain.asGET = true
            }
        } catch {
            return .refusedHop
        }
        chain.hops += 1
        vus[index].body?.reset(capturing: program.requests[request].needsBody)
        guard multi.add(handle) else { return .refusedHop }
        return nil
    }

    /// Ends VU `index`'s redirect chain, if any, once its final response is recorded; the next
    /// request configures the handle again (``VirtualUser/configuredRequest`` is -1), which
    /// also gives it the whole timeout back.
    @inline(__always)
    func endRedirectChain(_ index: Int) {
        guard vus[index].redirect != nil else { return }
        vus[index].redirect?.free()
        vus[index].redirect = nil
    }

    /// Whether `url` (host and port `target`) is another origin than the transfer that pointed
    /// to it: another host, port or scheme.
    private func leavesHost(_ url: String, target: (host: String, port: Int), easy: UnsafeMutableRawPointer) -> Bool {
        // Unknown counts as leaving: the credentials are then dropped, never sent too far.
        guard let previous = CurlEasy.effectiveURL(easy) else { return true }
        let from: (host: String, port: Int)
        do { from = try CurlURL.hostAndPort(of: previous) } catch { return true }
        return from.host != target.host || from.port != target.port
            || previous.lowercased().hasPrefix("https:") != url.lowercased().hasPrefix("https:")
    }

    /// A copy of the header list request `request` of VU `index` sent, without credentials.
    private func headersWithoutCredentials(_ index: Int, request: Int) -> UnsafeMutablePointer<curl_slist>? {
        var node = program.requests[request].headers != nil
            ? vus[index].render?.headers[request]?.list
            : program.requests[request].prepared.headers
        var copy: UnsafeMutablePointer<curl_slist>?
        while let current = node {
            if let data = current.pointee.data {
                let line = String(cString: data)
                if !RedirectRule.carriesCredentials(line: line) { copy = curl_slist_append(copy, line) }
            }
            node = current.pointee.next
        }
        // An empty list would leave curl's default headers only; curl accepts nil for that.
        return copy
    }
}
