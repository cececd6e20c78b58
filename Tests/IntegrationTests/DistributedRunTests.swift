import BarrageCore
import Foundation
import Testing

extension IntegrationSuite {
    @Suite struct DistributedRunTests {
        /// Target + 3 agents + coordinator: the merged count equals the target's own count exactly,
        /// the per-agent parts add up to it, and the VU split is exact.
        @Test func threeAgentsMergeIntoOneExactResult() async throws {
            let token = try Fixtures.tokenFile()
            let (target, baseURL) = try await Fixtures.startTarget()
            var agents: [ChildProcess] = []
            var addresses: [String] = []
            for _ in 0..<3 {
                let (agent, address) = try await Fixtures.startAgent(tokenFile: token)
                agents.append(agent)
                addresses.append(address)
            }
            let export = Fixtures.temporaryPath("export.json")
            let hdrLog = Fixtures.temporaryPath("run.hlog")
            let run = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--vus", "31", "--duration", "3s", "--sleep", "100ms",
                "--agents", addresses.joined(separator: ","), "--token-file", token,
                "--summary-export", export, "--hdr-log", hdrLog, "--quiet",
            ])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let json = try Fixtures.readExport(export)
            let requests = try #require(Fixtures.metric(json, "http_reqs", "count"))
            #expect(requests > 300)
            #expect(Int(requests) == (try Fixtures.feedCount(baseURL: baseURL)))
            let barrage = try #require(json["barrage"] as? [String: Any])
            let perAgent = try #require(barrage["agents"] as? [[String: Any]])
            #expect(perAgent.count == 3)
            #expect(perAgent.compactMap { ($0["vus"] as? NSNumber)?.intValue }.sorted() == [10, 10, 11])
            #expect(perAgent.compactMap { ($0["http_reqs"] as? NSNumber)?.doubleValue }.reduce(0, +) == requests)
            let skew = try #require((barrage["start_skew_ms"] as? NSNumber)?.doubleValue)
            print("start skew across 3 agents: \(skew) ms")
            #expect(skew < 10)
            #expect(run.stdout.contains("start skew across agents"))
            // The plan is printed before the run starts.
            #expect(run.stderr.contains("agent a1 \(addresses[0]) 11 VUs"))
            // The per-second merged histograms of the interval log add up to the summary's histogram.
            let log = try String(contentsOfFile: hdrLog, encoding: .utf8)
            #expect(log.hasPrefix("#[Histogram log format version 1.2]"))
            let lines = log.split(separator: "\n").filter { $0.contains("HISTF") }
            #expect(lines.count >= 3)
            var fromLog = LatencyHistogram.make()
            for line in lines {
                let encoded = try #require(line.split(separator: ",").last)
                fromLog.add(try HdrV2Codec.decode(base64: String(encoded)))
            }
            #expect(Double(fromLog.totalCount) == requests)
            for (stat, percentile) in [("p(90)", 90.0), ("p(95)", 95.0), ("med", 50.0)] {
                let exported = try #require(Fixtures.metric(json, "http_req_duration", stat))
                #expect(abs(exported - Double(fromLog.valueAtPercentile(percentile)) / 1000) < 0.0005, "\(stat)")
            }
            _ = (target, agents)
        }

        @Test func wrongTokenIsRefusedAndNothingRuns() async throws {
            let (target, baseURL) = try await Fixtures.startTarget()
            let (agent, address) = try await Fixtures.startAgent(tokenFile: try Fixtures.tokenFile("agents-token-Qm7Vx2Lp9Rt4Wz8Kc3Nf6Hb1Jd5Gs0Ye"))
            let run = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--vus", "2", "--duration", "1s",
                "--agents", address, "--token-file", try Fixtures.tokenFile("other-token-Xa4Tn8Bq1Mv6Pc3Lw9Ez2Rk7Uh5Dy0Sj"), "--quiet",
            ])
            #expect(run.status == 1, "stderr: \(run.stderr)")
            // The TLS-PSK handshake fails on both ends: neither proves a token the other holds.
            #expect(run.stderr.contains("the tokens differ"), "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").allSatisfy { $0.count < 300 }, "one short line: \(run.stderr)")
            #expect(try Fixtures.feedCount(baseURL: baseURL) == 0)
            #expect(agent.stderr.contains("TLS handshake failed"), "\(agent.stderr)")
            #expect(agent.isRunning)
            _ = target
        }

        @Test func allowTargetRefusesOtherHosts() async throws {
            let token = try Fixtures.tokenFile()
            let (agent, address) = try await Fixtures.startAgent(tokenFile: token, extra: ["--allow-target", "10.0.0.1"])
            let run = try await ChildProcess.run([
                "run", "--url", "http://127.0.0.1:1/", "--vus", "1", "--duration", "1s",
                "--agents", address, "--token-file", token, "--quiet",
            ])
            #expect(run.status == 2, "stderr: \(run.stderr)")
            #expect(run.stderr.contains("not allowed"))
            _ = agent
        }

        /// An agent killed mid-run is reported lost; the run finishes on the others.
        @Test func killedAgentIsReportedLost() async throws {
            let token = try Fixtures.tokenFile()
            let (target, baseURL) = try await Fixtures.startTarget()
            let (first, firstAddress) = try await Fixtures.startAgent(tokenFile: token)
            let (second, secondAddress) = try await Fixtures.startAgent(tokenFile: token)
            let export = Fixtures.temporaryPath("export.json")
            let run = try ChildProcess([
                "run", "--url", baseURL + "/api/posts/", "--vus", "10", "--duration", "5s", "--sleep", "100ms",
                "--agents", "\(firstAddress),\(secondAddress)", "--token-file", token, "--summary-export", export, "--quiet",
            ])
            try await Task.sleep(for: .milliseconds(2500))
            second.signal(SIGKILL)
            let status = try await run.waitForExit(timeout: 40)
            #expect(status == 0, "stderr: \(run.stderr)")
            #expect(run.stdout.contains("LOST"))
            #expect(run.stdout.contains("a2 \(secondAddress) lost at"))
            let json = try Fixtures.readExport(export)
            let agents = try #require((json["barrage"] as? [String: Any])?["agents"] as? [[String: Any]])
            #expect(agents.first { ($0["name"] as? String) == "a2" }?["lost"] as? Bool == true)
            #expect(agents.first { ($0["name"] as? String) == "a1" }?["lost"] as? Bool == false)
            // What the lost agent measured before it died is kept.
            #expect(((agents.first { ($0["name"] as? String) == "a2" }?["http_reqs"]) as? NSNumber)?.intValue ?? 0 > 0)
            _ = (target, first)
        }

        /// The dead-man switch: a coordinator killed mid-run leaves no agent sending load 2 s later.
        @Test func killedCoordinatorStopsAllLoad() async throws {
            let token = try Fixtures.tokenFile()
            let (target, baseURL) = try await Fixtures.startTarget()
            let (agent, address) = try await Fixtures.startAgent(tokenFile: token)
            let run = try ChildProcess([
                "run", "--url", baseURL + "/api/posts/", "--vus", "5", "--duration", "60s", "--sleep", "50ms",
                "--agents", address, "--token-file", token, "--quiet",
            ])
            try await Task.sleep(for: .seconds(2))
            let before = try Fixtures.feedCount(baseURL: baseURL)
            #expect(before > 0)
            run.signal(SIGKILL)
            try await Task.sleep(for: .seconds(2))
            let settled = try Fixtures.feedCount(baseURL: baseURL)
            try await Task.sleep(for: .seconds(1))
            #expect(try Fixtures.feedCount(baseURL: baseURL) == settled)
            #expect(agent.isRunning)
            // Ready for the next run.
            let next = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--vus", "1", "--duration", "1s", "--sleep", "100ms",
                "--agents", address, "--token-file", token, "--quiet",
            ])
            #expect(next.status == 0, "stderr: \(next.stderr)")
            _ = target
        }

        /// An agent never runs two tests at once; Ctrl-C on the coordinator stops every agent
        /// gracefully and still prints the merged summary.
        @Test func busyAgentRefusesASecondRunAndCtrlCStopsAll() async throws {
            let token = try Fixtures.tokenFile()
            let (target, baseURL) = try await Fixtures.startTarget()
            let (first, firstAddress) = try await Fixtures.startAgent(tokenFile: token)
            let (second, secondAddress) = try await Fixtures.startAgent(tokenFile: token)
            let run = try ChildProcess([
                "run", "--url", baseURL + "/api/posts/", "--vus", "4", "--duration", "60s", "--sleep", "100ms",
                "--agents", "\(firstAddress),\(secondAddress)", "--token-file", token,
            ])
            try await Task.sleep(for: .seconds(2))
            let intruder = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--vus", "1", "--duration", "1s",
                "--agents", firstAddress, "--token-file", token, "--quiet",
            ])
            #expect(intruder.status == 1, "stderr: \(intruder.stderr)")
            #expect(intruder.stderr.contains("busy"))
            run.signal(SIGINT)
            let status = try await run.waitForExit(timeout: 30)
            #expect(status == 130, "stderr: \(run.stderr)")
            #expect(run.stdout.contains("interrupted"))
            #expect(run.stdout.contains("a1") && run.stdout.contains("a2"))
            let served = try Fixtures.feedCount(baseURL: baseURL)
            try await Task.sleep(for: .seconds(1))
            #expect(try Fixtures.feedCount(baseURL: baseURL) == served)
            _ = (target, first, second)
        }

        /// `coord probe` measures each agent and estimates the agents a goal needs; `--weights auto`
        /// probes and then splits the VUs by what each agent could download.
        @Test func probeEstimatesAndWeightsAutoSplitsByCapacity() async throws {
            let token = try Fixtures.tokenFile()
            let (target, baseURL) = try await Fixtures.startTarget()
            let (first, firstAddress) = try await Fixtures.startAgent(tokenFile: token)
            let (second, secondAddress) = try await Fixtures.startAgent(tokenFile: token)
            let agents = "\(firstAddress),\(secondAddress)"
            let probe = try await ChildProcess.run([
                "probe", "--url", baseURL + "/api/posts/", "--agents", agents, "--token-file", token,
                "--duration", "1s", "--vus", "4", "--rps", "1000000",
            ])
            #expect(probe.status == 0, "stderr: \(probe.stderr)")
            #expect(probe.stdout.contains("a1     \(firstAddress)"))
            #expect(probe.stdout.contains("a2     \(secondAddress)"))
            #expect(probe.stdout.contains("page size 4"))  // the ~48 kB feed page
            #expect(probe.stdout.contains("1000000 req/s needs about"))
            #expect(probe.stderr.contains("probing agent a1"))

            let export = Fixtures.temporaryPath("export.json")
            let run = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--vus", "20", "--duration", "1s", "--sleep", "100ms",
                "--agents", agents, "--token-file", token, "--weights", "auto", "--summary-export", export, "--quiet",
            ])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stderr.contains("MB/s"))
            let json = try Fixtures.readExport(export)
            let perAgent = try #require((json["barrage"] as? [String: Any])?["agents"] as? [[String: Any]])
            #expect(perAgent.compactMap { ($0["vus"] as? NSNumber)?.intValue }.reduce(0, +) == 20)
            _ = (target, first, second)
        }
    }
}
