import Foundation
import Testing

/// The reference experiment on the network-namespace lab (`agents/lab`): one agent behind a
/// 90 Mbit/s link is capped near 11 MB/s and ~230 req/s, and Barrage says the agent's network is
/// the limit; five such agents reach ~1000 req/s with no warning.
///
/// Opt-in (`BARRAGE_LAB_TESTS=1`): it needs root, `ip netns` and `tc`, takes about two minutes, and
/// needs a release build (`COORD=.build/release/coord`): on two cores a debug build is CPU-bound
/// before five agents fill their links.
enum Lab {
    static let enabled: Bool = {
        guard ProcessInfo.processInfo.environment["BARRAGE_LAB_TESTS"] == "1", getuid() == 0 else { return false }
        return ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static let reason = "set BARRAGE_LAB_TESTS=1 (root, ip netns and tc; ~2 minutes; COORD=.build/release/coord recommended)"

    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var coord: String { ProcessInfo.processInfo.environment["COORD"] ?? ChildProcess.coordURL.path }

    /// Runs `agents/lab` and returns its stdout's `key=value` lines.
    @discardableResult
    static func lab(_ arguments: [String]) throws -> [String: String] {
        // posix_spawn + waitpid rather than Foundation's Process: the lab's daemons outlive the
        // script, and Process's exit detection waited on them too.
        let outputPath = Fixtures.temporaryPath("lab.out")
        let command = ([root.appendingPathComponent("agents/lab").path] + arguments)
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let shell = "cd '\(root.path)' && exec \(command) > '\(outputPath)' 2>&1 < /dev/null"
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(shell), nil]
        defer { for pointer in argv { free(pointer) } }
        guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else { throw TestFailure("cannot start agents/lab") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else { throw TestFailure("agents/lab \(arguments) exited with status \(status)") }
        let data = try Data(contentsOf: URL(fileURLWithPath: outputPath))
        var values: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        return values
    }

    /// Brings up `agents` agents at 90 Mbit/s, runs the reference workload for 20 s, tears down.
    static func referenceRun(agents: Int) async throws -> (export: [String: Any], stdout: String, stderr: String) {
        try lab(["down"])
        let values = try lab(["up", "\(agents)", "--rate", "90mbit", "--coord", coord])
        defer { _ = try? lab(["down"]) }
        let target = try #require(values["target"])
        let agentList = try #require(values["agents"])
        let token = try #require(values["token"])
        let export = Fixtures.temporaryPath("lab.json")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: coord)
        process.arguments = [
            "run", "--url", target, "--vus", "1000", "--duration", "20s", "--sleep", "1s", "--graceful-stop", "5s",
            "--timeout", "10s", "--agents", agentList, "--token-file", token, "--summary-export", export, "--quiet",
        ]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("coord run exited \(process.terminationStatus): \(stderr)") }
        return (try Fixtures.readExport(export), stdout, stderr)
    }
}

extension IntegrationSuite {
    @Suite(.enabled(if: Lab.enabled, Comment(rawValue: Lab.reason)))
    struct LabTests {
        @Test func oneAgentBehindAHomeLineIsCappedAndSaysSo() async throws {
            let run = try await Lab.referenceRun(agents: 1)
            let requests = try #require(Fixtures.metric(run.export, "http_reqs", "count"))
            let received = try #require(Fixtures.metric(run.export, "data_received", "count"))
            // Over the 20 s of load: at most ~11.3 MB/s, about 230 pages/s.
            #expect(received / 20 <= 12_000_000)
            #expect(requests / 20 < 300)
            #expect(requests / 20 > 150)
            #expect(run.stdout.contains("is network-bound"), "stdout: \(run.stdout)")
            #expect(run.stdout.contains("needs about"))
        }

        @Test func fiveAgentsReachTheGoalWithoutWarnings() async throws {
            let run = try await Lab.referenceRun(agents: 5)
            let requests = try #require(Fixtures.metric(run.export, "http_reqs", "count"))
            let received = try #require(Fixtures.metric(run.export, "data_received", "count"))
            #expect(requests / 20 >= 900)
            #expect(received / 20 >= 40_000_000)
            #expect(!run.stdout.contains("load generator limit"), "stdout: \(run.stdout)")
        }
    }
}

extension Lab {
    /// `coord capacity` against the lab's 48 KB feed from `agents` agents, each behind its own
    /// 90 Mbit/s link; returns the export, stdout and how long the search took.
    static func capacitySearch(agents: Int, extra: [String]) async throws -> (json: [String: Any], stdout: String, status: Int32, seconds: Int) {
        try lab(["down"])
        let values = try lab(["up", "\(agents)", "--rate", "90mbit", "--coord", coord])
        defer { _ = try? lab(["down"]) }
        let target = try #require(values["target"])
        let agentList = try #require(values["agents"])
        let token = try #require(values["token"])
        let export = Fixtures.temporaryPath("lab-capacity.json")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: coord)
        process.arguments = [
            "capacity", "--url", target, "--step", "6s", "--warm-up", "2s", "--precision", "10%",
            "--agents", agentList, "--token-file", token, "--export", export, "--no-results", "--quiet",
        ] + extra
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        let started = Date()
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let seconds = Int(Date().timeIntervalSince(started))
        print("coord capacity on \(agents) lab agent(s) at 90 Mbit/s: \(seconds) s\n\(stdout)")
        return (try Fixtures.readExport(export), stdout, process.terminationStatus, seconds)
    }
}

extension IntegrationSuite.LabTests {
    /// `coord capacity` from one agent behind 90 Mbit/s against the 48 KB feed: the link (~234
    /// pages/s) is the limit, so the search must say `limit: load-generator`, name the network and
    /// stay at or below what the link allows. Opt-in like the rest of the lab (not run in CI).
    @Test func capacityBehindAHomeLineBlamesTheLoadGenerator() async throws {
        let search = try await Lab.capacitySearch(agents: 1, extra: ["--start-rate", "100", "--goal", "1000"])
        #expect(search.status == 99, "stdout: \(search.stdout)")
        #expect(search.json["limit"] as? String == "load-generator", "stdout: \(search.stdout)")
        let limited = try #require(search.json["limited_by"] as? [[String: Any]])
        #expect(limited.contains { $0["reason"] as? String == "network" }, "\(limited)")
        // 90 Mbit/s carries about 234 pages of 48 KB per second.
        #expect(try #require((search.json["sustainable_rate"] as? NSNumber)?.doubleValue) <= 240)
        #expect(search.stdout.contains("network-bound at"))
        #expect(search.stdout.contains("agents like it are needed for 1000 req/s"))
    }

    /// Three such agents carry three links: the search goes past what one link allows, and the
    /// limit is no longer the load generator (the target, or --max-rate 450).
    @Test func capacityWithEnoughAgentsIsNotTheLoadGenerators() async throws {
        let search = try await Lab.capacitySearch(agents: 3, extra: ["--start-rate", "100", "--max-rate", "450"])
        #expect(search.status == 0, "stdout: \(search.stdout)")
        let limit = try #require(search.json["limit"] as? String)
        #expect(limit == "max-rate" || limit == "target", "stdout: \(search.stdout)")
        #expect((search.json["limited_by"] as? [Any])?.isEmpty == true, "stdout: \(search.stdout)")
        // More than one 90 Mbit/s link carries (~234 pages/s).
        #expect(try #require((search.json["sustainable_rate"] as? NSNumber)?.doubleValue) >= 300, "stdout: \(search.stdout)")
    }
}
