import Foundation
import Testing

/// `coord capacity` against real processes: a target written for the test whose capacity is known
/// (`Resources/capacity_target.py`: N requests served at once, each held D ms, so N/D per second),
/// two agents, and Ctrl-C in the middle of a search.
enum CapacityTarget {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Resources/capacity_target.py").path

    /// Starts it; returns the process and its base URL.
    static func start(slots: Int, holdMilliseconds: Int) async throws -> (ChildProcess, String) {
        guard let python = ExternalTool.find("python3") else { throw TestFailure("python3 is not on PATH") }
        let child = try ChildProcess(
            [script, "--slots", "\(slots)", "--hold-ms", "\(holdMilliseconds)", "--lifetime", "300"],
            executable: URL(fileURLWithPath: python))
        let url = try await child.waitForLine(prefix: "listening on ")
        return (child, url.trimmingCharacters(in: .whitespaces))
    }
}

extension IntegrationSuite {
    @Suite struct CapacityTests {
        /// 8 slots x 50 ms = 160 requests/s. Past it the queue grows about 5 ms per second for
        /// each 1% of excess, so a p95 bound of 120 ms (2.4 x the hold) fails within a 4 s step
        /// from about 3% over: the rate found must be within -15%/+3% of 160.
        @Test func findsAKnownCapacityOnTwoAgents() async throws {
            let (target, baseURL) = try await CapacityTarget.start(slots: 8, holdMilliseconds: 50)
            let token = try Fixtures.tokenFile()
            let (agent1, address1) = try await Fixtures.startAgent(tokenFile: token)
            let (agent2, address2) = try await Fixtures.startAgent(tokenFile: token)
            let export = Fixtures.temporaryPath("capacity.json")
            let report = Fixtures.temporaryPath("capacity.html")
            let results = Fixtures.temporaryPath("capacity-results")
            let started = Date()
            let run = try await ChildProcess.run([
                "capacity", "--url", baseURL + "/", "--threshold", "http_req_duration:p(95)<120",
                "--threshold", "http_req_failed:rate<0.01", "--start-rate", "100", "--step", "4s", "--warm-up", "1s",
                "--precision", "5%", "--goal", "1000", "--agents", "\(address1),\(address2)", "--token-file", token,
                "--export", export, "--report", report, "--results", results, "--quiet",
            ], timeout: 240)
            print("capacity search on two agents took \(Int(Date().timeIntervalSince(started))) s")
            // The goal (1000/s) is far above what the target takes: exit 99, after printing everything.
            #expect(run.status == 99, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
            #expect(run.stderr.contains("below the goal 1000"))

            let json = try Fixtures.readExport(export)
            #expect(Set(json.keys) == ["sustainable_rate", "breaking_rate", "limit", "limited_by", "thresholds", "steps"])
            #expect(json["limit"] as? String == "target")
            let sustainable = try #require((json["sustainable_rate"] as? NSNumber)?.doubleValue)
            #expect(sustainable >= 160 * 0.85, "stdout: \(run.stdout)")
            #expect(sustainable <= 160 * 1.03, "stdout: \(run.stdout)")
            let breaking = try #require((json["breaking_rate"] as? NSNumber)?.doubleValue)
            #expect(breaking > sustainable)
            #expect((json["limited_by"] as? [Any])?.isEmpty == true)
            #expect(json["thresholds"] as? [String] == ["http_req_duration:p(95)<120", "http_req_failed:rate<0.01"])
            let steps = try #require(json["steps"] as? [[String: Any]])
            #expect(steps.count >= 4)
            #expect(steps.count <= 16)
            for step in steps {
                #expect(Set(step.keys) == [
                    "rate", "achieved_rate", "p50_ms", "p95_ms", "p99_ms", "failed_rate", "dropped", "generator", "passed",
                ])
                // Loopback with two agents is never the limit here.
                #expect(step["generator"] as? String == "ok", "\(step)")
            }
            // A passing step achieved its rate; the knee shows in p95.
            for step in steps where step["passed"] as? Bool == true {
                let rate = try #require((step["rate"] as? NSNumber)?.doubleValue)
                #expect(try #require((step["achieved_rate"] as? NSNumber)?.doubleValue) >= rate * 0.9)
                #expect(try #require((step["p95_ms"] as? NSNumber)?.doubleValue) < 120)
            }

            // Live rows, the final table and the verdict line.
            #expect(run.stdout.contains("limit: target"))
            #expect(run.stdout.contains("sustainable: \(Int(sustainable)) req/s (p95 "))
            #expect(run.stdout.contains("breaks at \(Int(breaking)) req/s: http_req_duration p(95)="))
            #expect(run.stdout.components(separatedBy: "  generator").count == 3, "header live and at the end")

            let page = try String(contentsOfFile: report, encoding: .utf8)
            #expect(page.contains("<svg id=\"chart\""))
            #expect(page.contains("limit: target"))
            #expect(!page.contains("<script"))
            #expect(page.components(separatedBy: "<tr class=").count == steps.count + 1)

            // Journaled: the search's folder holds its JSON and one results folder per step,
            // each readable by `coord report`.
            let searches = try FileManager.default.contentsOfDirectory(atPath: results)
            #expect(searches.count == 1)
            let search = results + "/" + (searches.first ?? "")
            let inside = try FileManager.default.contentsOfDirectory(atPath: search)
            #expect(inside.contains("capacity.json"))
            #expect(inside.contains("capacity.html"))
            let stepFolders = inside.filter { !$0.hasPrefix("capacity.") }.sorted()
            #expect(stepFolders.count == steps.count)
            let first = try #require(stepFolders.first)
            let replay = try await ChildProcess.run(["report", search + "/" + first])
            #expect(replay.status == 0, "stderr: \(replay.stderr)")
            #expect(replay.stdout.contains("http_reqs"))
            _ = (target, agent1, agent2)
        }

        /// Ctrl-C during a step ends the search and still prints the steps and a verdict.
        @Test func ctrlCEndsTheSearchAndKeepsWhatWasFound() async throws {
            let (target, baseURL) = try await Fixtures.startTarget()
            let results = Fixtures.temporaryPath("capacity-interrupted")
            let search = try ChildProcess([
                "capacity", "--url", baseURL + "/healthz", "--start-rate", "20", "--max-rate", "100000", "--step", "3s",
                "--warm-up", "1s", "--results", results, "--quiet",
            ])
            // The first step's row, then Ctrl-C during the second.
            _ = try await search.waitForLine(prefix: "     1 ", timeout: 60)
            try await Task.sleep(for: .milliseconds(800))
            search.signal(SIGINT)
            let status = try await search.waitForExit(timeout: 30)
            // As `coord run`: 130 after printing what was found.
            #expect(status == 130, "stderr: \(search.stderr)")
            #expect(search.stdout.contains("sustainable >= 20 req/s"), "stdout: \(search.stdout)")
            #expect(search.stdout.contains("limit: unknown"))
            #expect(search.stdout.contains("(interrupted)"))
            let folders = try FileManager.default.contentsOfDirectory(atPath: results)
            #expect(folders.count == 1)
            _ = target
        }
    }
}
