import Foundation

/// A throwaway `prometheus` (the Debian package) with its remote write receiver on a loopback
/// port and its TSDB in a temporary directory: no system service, killed when released.
final class PrometheusDaemon: Sendable {
    let port: Int
    let directory: String
    private let process: Process

    /// Starts prometheus and waits until `/-/ready` answers.
    init(executable: String) async throws {
        port = try ExternalTool.freePort()
        directory = Fixtures.temporaryPath("prometheus")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Nothing to scrape: the test writes through remote write only.
        try "global:\n  scrape_interval: 1m\n".write(toFile: directory + "/prometheus.yml", atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--web.enable-remote-write-receiver", "--storage.tsdb.path=\(directory)/data",
            "--web.listen-address=127.0.0.1:\(port)", "--config.file=\(directory)/prometheus.yml",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let ready = try? await ExternalTool.http("GET", "http://127.0.0.1:\(port)/-/ready"), ready.status == 200 { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        kill(process.processIdentifier, SIGKILL)
        throw TestFailure("prometheus did not answer /-/ready within 30s")
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// An instant PromQL query; returns each result's labels and value.
    func query(_ promQL: String) async throws -> [(labels: [String: String], value: Double)] {
        let encoded = promQL.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? promQL
        let response = try await ExternalTool.http("GET", "http://127.0.0.1:\(port)/api/v1/query?query=\(encoded)")
        guard response.status == 200,
              let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              let data = object["data"] as? [String: Any], let results = data["result"] as? [[String: Any]]
        else { throw TestFailure("query \(promQL) failed: \(String(decoding: response.body, as: UTF8.self))") }
        return results.map { result in
            let value = (result["value"] as? [Any])?.last as? String
            return (result["metric"] as? [String: String] ?? [:], value.flatMap(Double.init) ?? .nan)
        }
    }
}
