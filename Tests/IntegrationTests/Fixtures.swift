import Foundation

/// Real processes the integration tests share: the demo target, agents, token files, HTTP GETs.
enum Fixtures {
    /// Starts `coord target` on an ephemeral loopback port; returns it and its base URL.
    static func startTarget() async throws -> (ChildProcess, String) {
        let target = try ChildProcess(["target", "--listen", "127.0.0.1:0", "--threads", "1"])
        let url = try await target.waitForLine(prefix: "listening on ")
        return (target, url.trimmingCharacters(in: .whitespaces))
    }

    /// Starts `coord agent` on an ephemeral loopback port; returns it and its host:port.
    static func startAgent(tokenFile: String, extra: [String] = []) async throws -> (ChildProcess, String) {
        let agent = try ChildProcess(["agent", "--listen", "127.0.0.1:0", "--token-file", tokenFile] + extra)
        let address = try await agent.waitForLine(prefix: "agent listening on ")
        return (agent, address.trimmingCharacters(in: .whitespaces))
    }

    /// Starts `count` agents; returns them and their addresses joined for `--agents`.
    static func startAgents(_ count: Int, tokenFile: String) async throws -> ([ChildProcess], String) {
        var agents: [ChildProcess] = []
        var addresses: [String] = []
        for _ in 0..<count {
            let (agent, address) = try await startAgent(tokenFile: tokenFile)
            agents.append(agent)
            addresses.append(address)
        }
        return (agents, addresses.joined(separator: ","))
    }

    /// A token file readable by its owner only (anything wider makes `coord` warn on stderr)
    /// holding a token strong enough for `TokenStrength`.
    static func tokenFile(_ token: String = "3f9c1e7a5b20d84c6e1f0a9b7d3c5e28f4a6b0c2d8e1f3a5b7c9d0e2f4a6b81c") throws -> String {
        let path = temporaryPath("token")
        try token.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }

    static func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "barrage-\(name)-\(UUID().uuidString)"
    }

    /// The demo target's own count of feed requests, from `GET /stats`.
    static func feedCount(baseURL: String) throws -> Int {
        let stats = try getJSON(baseURL + "/stats")
        guard let requests = stats["requests"] as? [String: Any], let posts = requests["/api/posts/"] as? Int else {
            throw TestFailure("unexpected /stats body: \(stats)")
        }
        return posts
    }

    /// A minimal HTTP/1.1 GET over a plain socket, so the tests need no HTTP client library.
    static func getJSON(_ url: String) throws -> [String: Any] {
        guard let parsed = URL(string: url), let host = parsed.host, let port = parsed.port else { throw TestFailure("bad url \(url)") }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestFailure("cannot connect to \(url)") }
        // Host with its port, as browsers send it.
        let request = "GET \(parsed.path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            response.append(contentsOf: buffer[0..<count])
        }
        let text = String(decoding: response, as: UTF8.self)
        guard let bodyStart = text.range(of: "\r\n\r\n") else { throw TestFailure("no HTTP body from \(url)") }
        let body = Data(text[bodyStart.upperBound...].utf8)
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw TestFailure("not a JSON object from \(url)")
        }
        return object
    }

    /// Reads a `--summary-export` file.
    static func readExport(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw TestFailure("export is not an object") }
        return object
    }

    static func metric(_ export: [String: Any], _ name: String, _ stat: String) -> Double? {
        guard let metrics = export["metrics"] as? [String: Any], let metric = metrics[name] as? [String: Any] else { return nil }
        return (metric[stat] as? NSNumber)?.doubleValue
    }
}
