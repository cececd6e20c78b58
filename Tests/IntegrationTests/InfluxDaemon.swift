import Foundation

/// A throwaway `influxd` (InfluxDB 1.x, the Debian package) on loopback ports with its data in a
/// temporary directory: no system service, killed when released.
final class InfluxDaemon: Sendable {
    let port: Int
    let directory: String
    private let process: Process

    /// Starts influxd and waits until `/ping` answers.
    init(executable: String) async throws {
        port = try ExternalTool.freePort()
        let rpcPort = try ExternalTool.freePort()
        directory = Fixtures.temporaryPath("influxd")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let config = """
            reporting-disabled = true
            bind-address = "127.0.0.1:\(rpcPort)"
            [meta]
              dir = "\(directory)/meta"
            [data]
              dir = "\(directory)/data"
              wal-dir = "\(directory)/wal"
              query-log-enabled = false
            [http]
              enabled = true
              bind-address = "127.0.0.1:\(port)"
              log-enabled = false
            [monitor]
              store-enabled = false
            """
        try config.write(toFile: directory + "/influxdb.conf", atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-config", directory + "/influxdb.conf"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let ping = try? await ExternalTool.http("GET", "http://127.0.0.1:\(port)/ping"), ping.status == 204 { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        kill(process.processIdentifier, SIGKILL)
        throw TestFailure("influxd did not answer /ping within 20s")
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs an InfluxQL query on database `db`; returns the first series' values.
    func query(_ text: String, db: String) async throws -> [[Any]] {
        let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
        let response = try await ExternalTool.http("GET", "http://127.0.0.1:\(port)/query?db=\(db)&q=\(encoded)")
        guard response.status == 200,
              let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              let results = object["results"] as? [[String: Any]], let first = results.first
        else { throw TestFailure("query \(text) failed: \(String(decoding: response.body, as: UTF8.self))") }
        let series = first["series"] as? [[String: Any]] ?? []
        return series.first?["values"] as? [[Any]] ?? []
    }
}
