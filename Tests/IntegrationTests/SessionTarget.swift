import Foundation

/// The session target (`Resources/session_target.py`): a Python http.server that issues tokens and
/// cookies and counts per user, run as a real process on a loopback port 0.
enum SessionTarget {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Resources/session_target.py").path

    /// Starts it (over TLS with `tls`); returns the process and its base URL.
    static func start(tls: [String] = []) async throws -> (ChildProcess, String) {
        guard let python = ExternalTool.find("python3") else { throw TestFailure("python3 is not on PATH") }
        let child = try ChildProcess([script] + tls, executable: URL(fileURLWithPath: python))
        let url = try await child.waitForLine(prefix: "listening on ")
        return (child, url.trimmingCharacters(in: .whitespaces))
    }

    /// Its `/stats`, over plain HTTP.
    static func stats(_ baseURL: String) throws -> [String: Any] {
        try Fixtures.getJSON(baseURL + "/stats")
    }

    /// Its `/stats` over TLS: `curl -k`, as the tests' own socket client speaks plain HTTP only.
    static func tlsStats(_ baseURL: String, extra: [String] = []) async throws -> [String: Any] {
        guard let curl = ExternalTool.find("curl") else { throw TestFailure("curl is not on PATH") }
        let (status, out) = try await ExternalTool.run(curl, ["-sk", "--http1.1"] + extra + [baseURL + "/stats"], timeout: 20)
        guard status == 0, let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any] else {
            throw TestFailure("curl \(baseURL)/stats failed (\(status)): \(out)")
        }
        return object
    }

    static func int(_ value: Any?) -> Int { (value as? NSNumber)?.intValue ?? 0 }
}
