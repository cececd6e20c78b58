import Foundation
import Testing

/// `coord capacity` against real processes: a target written for the test whose capacity is known
/// (`Resources/capacity_target.py`: N requests served at once, each held D ms, so N/D per second),
/// two agents, and Ctrl-C in the middle of a search.
enum CapacityTarget {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Resources/capacity_target.py").path

    /// Starts it; returns the process and its base URL.
    static func start(slots: Int, holdMilliseconds: Int, bodyBytes: Int = 0) async throws -> (ChildProcess, String) {
        guard let python = ExternalTool.find("python3") else { throw TestFailure("python3 is not on PATH") }
        let child = try ChildProcess(
            [script, "--slots", "\(slots)", "--hold-ms", "\(holdMilliseconds)", "--body-bytes", "\(bodyBytes)", "--lifetime", "300"],
            executable: URL(fileURLWithPath: python))
        let url = try await child.waitForLine(prefix: "listening on ")
        return (child, url.trimmingCharacters(in: .whitespaces))
    }
}

/// A load generator's own network link without root (`Resources/shaped_link.py`): a relay whose
/// downloads share one token bucket, used by an agent as its `http_proxy`. What agents/lab does
/// with tc in a namespace, so CI can see a link-bound agent too.
enum ShapedLink {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Resources/shaped_link.py").path

    /// An agent whose every request goes through a new link of `bytesPerSecond` to `target`
    /// (`http://host:port`); returns the link, the agent and the agent's address.
    static func agent(to target: String, bytesPerSecond: Int, tokenFile: String, name: String) async throws -> (ChildProcess, ChildProcess, String) {
        guard let python = ExternalTool.find("python3") else { throw TestFailure("python3 is not on PATH") }
        let hostPort = target.replacingOccurrences(of: "http://", with: "")
        let link = try ChildProcess(
            [script, "--to", hostPort, "--rate", "\(bytesPerSecond)", "--lifetime", "300"], executable: URL(fileURLWithPath: python))
        let address = try await link.waitForLine(prefix: "listening on ").trimmingCharacters(in: .whitespaces)
        let agent = try ChildProcess(
            ["agent", "--listen", "127.0.0.1:0", "--token-file", tokenFile, "--name", name],
            environment: ["http_proxy": "http://\(address)", "no_proxy": "", "NO_PROXY": ""])
        let listening = try await agent.waitForLine(prefix: "agent listening on ")
        return (link, agent, listening.trimmingCharacters(in: .whitespaces))
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

        /// The reference experiment's lesson without root: behind one link of 1.5 MB/s (the Python
        /// relay carries about 1.1 MB/s of it: ~55 pages of 20 KB a second) the search stops near
        /// the link's rate and blames the load generator's network, not the target (120/s); three
        /// agents, each behind a link like it, find the target's 120/s instead. What the lab shows
        /// with tc at 90 Mbit/s (LabTests). About 80 s.
        @Test func enoughAgentsMoveTheLimitFromTheirLinksToTheTarget() async throws {
            let (target, baseURL) = try await CapacityTarget.start(slots: 6, holdMilliseconds: 50, bodyBytes: 20_000)
            let token = try Fixtures.tokenFile()
            var processes: [ChildProcess] = [target]
            var addresses: [String] = []
            for index in 1...3 {
                let (link, agent, address) = try await ShapedLink.agent(to: baseURL, bytesPerSecond: 1_500_000, tokenFile: token, name: "l\(index)")
                processes += [link, agent]
                addresses.append(address)
            }
            func search(agents: [String]) async throws -> (json: [String: Any], stdout: String, seconds: Int) {
                let export = Fixtures.temporaryPath("capacity-links.json")
                let started = Date()
                let run = try await ChildProcess.run([
                    "capacity", "--url", baseURL + "/", "--threshold", "http_req_duration:p(95)<150",
                    "--threshold", "http_req_failed:rate<0.01", "--start-rate", "40", "--step", "4s", "--warm-up", "1s",
                    "--precision", "10%", "--agents", agents.joined(separator: ","), "--token-file", token,
                    "--export", export, "--no-results", "--quiet",
                ], timeout: 200)
                #expect(run.status == 0, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
                return (try Fixtures.readExport(export), run.stdout, Int(Date().timeIntervalSince(started)))
            }

            let one = try await search(agents: [addresses[0]])
            print("one agent behind its link: \(one.seconds) s\n\(one.stdout)")
            #expect(one.json["limit"] as? String == "load-generator", "\(one.stdout)")
            let limited = try #require(one.json["limited_by"] as? [[String: Any]])
            // A listening agent shows as the name it was given (`--name l1`).
            #expect(limited.contains { $0["agent"] as? String == "l1" && $0["reason"] as? String == "network" }, "\(limited)")
            let alone = try #require((one.json["sustainable_rate"] as? NSNumber)?.doubleValue)
            // The link carries 55-74 pages a second; the target takes 120.
            #expect(alone >= 40 && alone <= 80, "\(one.stdout)")
            #expect(one.stdout.contains("l1 network-bound at"), "\(one.stdout)")
            #expect(one.stdout.contains("sustainable >= \(Int(alone)) req/s"), "\(one.stdout)")

            let three = try await search(agents: addresses)
            print("three agents behind their links: \(three.seconds) s\n\(three.stdout)")
            #expect(three.json["limit"] as? String == "target", "\(three.stdout)")
            let together = try #require((three.json["sustainable_rate"] as? NSNumber)?.doubleValue)
            #expect(together >= 120 * 0.8 && together <= 120 * 1.05, "\(three.stdout)")
            #expect(together > alone * 1.3, "\(one.stdout)\n\(three.stdout)")
            let steps = try #require(three.json["steps"] as? [[String: Any]])
            // Each link carries at most 40 of its ~55 pages a second: no step's verdict blamed an
            // agent. A busy machine can make one step look network-bound; the search then runs
            // that rate again, and the repeat must clear it.
            #expect((three.json["limited_by"] as? [Any])?.isEmpty == true, "\(three.stdout)")
            for (index, step) in steps.enumerated() where step["generator"] as? String != "ok" {
                let repeated = index + 1 < steps.count ? steps[index + 1] : [:]
                #expect((repeated["rate"] as? NSNumber) == (step["rate"] as? NSNumber) && repeated["generator"] as? String == "ok", "\(three.stdout)")
            }
            _ = processes
        }

        /// `--listen-agents`: agents that join (`coord agent --join`) leave after each step's run
        /// and join again; every step runs on all of them, and each says it joined once.
        @Test func joiningAgentsRunEveryStep() async throws {
            let (target, baseURL) = try await CapacityTarget.start(slots: 8, holdMilliseconds: 50)
            let token = try Fixtures.tokenFile()
            let port = JoinModeTests.freePort()
            let results = Fixtures.temporaryPath("capacity-joined")
            let export = Fixtures.temporaryPath("capacity-joined.json")
            var agents: [ChildProcess] = []
            for name in ["j1", "j2"] {
                agents.append(try ChildProcess(["agent", "--join", "127.0.0.1:\(port)", "--token-file", token, "--name", name]))
            }
            let run = try await ChildProcess.run([
                "capacity", "--url", baseURL + "/", "--start-rate", "30", "--max-rate", "120", "--step", "3s", "--warm-up", "1s",
                "--listen-agents", "127.0.0.1:\(port)", "--expect-agents", "2", "--agents-timeout", "30s", "--token-file", token,
                "--export", export, "--results", results, "--quiet",
            ], timeout: 120)
            #expect(run.status == 0, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
            let json = try Fixtures.readExport(export)
            #expect(json["limit"] as? String == "max-rate", "\(run.stdout)")
            #expect((json["sustainable_rate"] as? NSNumber)?.intValue == 120, "\(run.stdout)")
            #expect((json["steps"] as? [Any])?.count == 3, "\(run.stdout)")
            for name in ["j1", "j2"] {
                #expect(run.stderr.components(separatedBy: "agent \(name) joined from").count == 2, "\(run.stderr)")
            }
            #expect(!run.stderr.contains("joined during the run"), "\(run.stderr)")
            // Every step's results folder has both agents in its summary.
            let search = results + "/" + (try FileManager.default.contentsOfDirectory(atPath: results).first ?? "")
            let stepFolders = try FileManager.default.contentsOfDirectory(atPath: search).filter { !$0.hasPrefix("capacity.") }
            #expect(stepFolders.count == 3)
            for folder in stepFolders {
                let replay = try await ChildProcess.run(["report", search + "/" + folder])
                #expect(replay.status == 0, "\(replay.stderr)")
                for name in ["j1", "j2"] { #expect(replay.stdout.contains("       \(name) "), "\(folder): \(replay.stdout)") }
            }
            _ = (target, agents)
        }

        /// Two joined agents, a search on them, and j2 killed once the first step's row is out:
        /// the next step waits for an agent that never comes back.
        static func searchLosingAJoinedAgent(agentsTimeout: String) async throws -> (search: ChildProcess, keep: [ChildProcess]) {
            let (target, baseURL) = try await Fixtures.startTarget()
            let token = try Fixtures.tokenFile()
            let port = JoinModeTests.freePort()
            let j1 = try ChildProcess(["agent", "--join", "127.0.0.1:\(port)", "--token-file", token, "--name", "j1"])
            let j2 = try ChildProcess(["agent", "--join", "127.0.0.1:\(port)", "--token-file", token, "--name", "j2"])
            let search = try ChildProcess([
                "capacity", "--url", baseURL + "/healthz", "--start-rate", "20", "--step", "3s", "--warm-up", "1s",
                "--listen-agents", "127.0.0.1:\(port)", "--expect-agents", "2", "--agents-timeout", agentsTimeout,
                "--token-file", token, "--no-results", "--quiet",
            ])
            _ = try await search.waitForLine(prefix: "     1 ", timeout: 60)
            j2.signal(SIGKILL)
            return (search, [target, j1, j2])
        }

        /// A later step that cannot start (a joined agent not back within --agents-timeout) ends
        /// the search: the steps so far and a verdict are printed, then the reason, exit 1.
        @Test func aJoinedAgentThatDoesNotComeBackEndsTheSearchWithWhatWasFound() async throws {
            let (search, keep) = try await Self.searchLosingAJoinedAgent(agentsTimeout: "4s")
            let status = try await search.waitForExit(timeout: 60)
            #expect(status == 1, "stdout: \(search.stdout)\nstderr: \(search.stderr)")
            #expect(search.stdout.contains("sustainable >= 20 req/s"), "\(search.stdout)")
            #expect(search.stdout.contains("(interrupted)"), "\(search.stdout)")
            #expect(search.stderr.contains("the search stopped before its end: expected 2 agents, but 1 joined"), "\(search.stderr)")
            _ = keep
        }

        /// Ctrl-C while a step waits for joined agents ends the search at once (130), as during a step.
        @Test func ctrlCWhileWaitingForJoinedAgentsEndsTheSearch() async throws {
            let (search, keep) = try await Self.searchLosingAJoinedAgent(agentsTimeout: "60s")
            // Long enough for the step j2 may have started on to end: the search now waits for j2.
            try await Task.sleep(for: .seconds(5))
            search.signal(SIGINT)
            let status = try await search.waitForExit(timeout: 15)
            #expect(status == 130, "stdout: \(search.stdout)\nstderr: \(search.stderr)")
            #expect(search.stdout.contains("sustainable >= 20 req/s"), "\(search.stdout)")
            #expect(search.stdout.contains("(interrupted)"), "\(search.stdout)")
            _ = keep
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
