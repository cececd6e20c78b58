import BarrageTestSupport
import Foundation
import Testing

extension IntegrationSuite {
    /// `--out csv/json/influxdb`, `--report` and `--dashboard` on real runs.
    @Suite struct OutputTests {
        /// The per-second CSV and JSON Lines files add up to the summary's http_reqs.
        /// A file that cannot be written (a full disk) is warned about; the run and its summary go on.
        @Test func unwritableOutFileDoesNotStopTheRun() async throws {
            let (target, baseURL) = try await Fixtures.startTarget()
            let run = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--vus", "2", "--duration", "2s", "--quiet", "--out", "csv=/dev/full",
            ])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stdout.contains("http_reqs"))
            _ = target
        }

        @Test func csvAndJSONSeriesAddUpToTheSummary() async throws {
            let (target, baseURL) = try await Fixtures.startTarget()
            let csv = Fixtures.temporaryPath("series.csv")
            let json = Fixtures.temporaryPath("series.jsonl")
            let export = Fixtures.temporaryPath("export.json")
            let run = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--vus", "10", "--duration", "3s", "--sleep", "50ms", "--quiet",
                "--out", "csv=" + csv, "--out", "json=" + json, "--summary-export", export,
            ])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let requests = try #require(Fixtures.metric(try Fixtures.readExport(export), "http_reqs", "count"))

            let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map(String.init)
            let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(header.contains("agent_local_req_per_s") && header.contains("http_req_duration_p95_ms"))
            let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            #expect((3...5).contains(rows.count), "rows: \(rows.count)")
            let column = { (name: String) in header.firstIndex(of: name) ?? 0 }
            #expect(rows.allSatisfy { $0.count == header.count })
            #expect(rows.compactMap { Double($0[column("http_reqs")]) }.reduce(0, +) == requests)
            #expect(rows.allSatisfy { $0[column("time")].hasSuffix("Z") })
            // Full seconds run all 10 VUs; the last, partial one may end with them stopped.
            #expect(rows.prefix(2).allSatisfy { Double($0[column("vus")]) == 10 }, "\(lines)")
            #expect(rows.prefix(2).allSatisfy { (Double($0[column("http_req_duration_p95_ms")]) ?? 0) > 0 }, "\(lines)")

            let objects = try String(contentsOfFile: json, encoding: .utf8).split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            }
            #expect(objects.count == rows.count)
            #expect(objects.compactMap { ($0["http_reqs"] as? NSNumber)?.doubleValue }.reduce(0, +) == requests)
            let agents = try #require(objects.first?["agents"] as? [String: Any])
            #expect(agents["local"] != nil)
            _ = target
        }

        @Test func badOutputFlagsExitTwo() async throws {
            for flags in [["--out", "xml=a"], ["--out", "csv"], ["--out", "influxdb=https://127.0.0.1/db"], ["--dashboard", "0.0.0.0:5665"], ["--dashboard", "5665"]] {
                let run = try await ChildProcess.run(["run", "--url", "http://127.0.0.1:1/"] + flags)
                #expect(run.status == 2, "\(flags): \(run.stderr)")
                #expect(run.stderr.split(separator: "\n").contains { $0.contains("--out") || $0.contains("--dashboard") }, "\(run.stderr)")
            }
        }

        /// Points written to a real influxd are read back: sum(http_reqs) equals the summary's count.
        @Test(.tags(.tool)) func influxDBReceivesEverySecond() async throws {
            guard let influxd = ExternalTool.find("influxd") else {
                try RequiredTool.influxd.missing()
                return
            }
            let influx = try await InfluxDaemon(executable: influxd)
            let (target, baseURL) = try await Fixtures.startTarget()
            let export = Fixtures.temporaryPath("export.json")
            let run = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--vus", "10", "--duration", "3s", "--sleep", "50ms", "--quiet",
                "--out", "influxdb=http://127.0.0.1:\(influx.port)/barrage", "--summary-export", export,
            ])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(!run.stdout.contains("points dropped"), "\(run.stdout)")
            let requests = try #require(Fixtures.metric(try Fixtures.readExport(export), "http_reqs", "count"))
            let iterations = try #require(Fixtures.metric(try Fixtures.readExport(export), "iterations", "count"))
            let counted = try await influx.query("SELECT count(value) FROM http_reqs", db: "barrage")
            let seconds = try #require((counted.first?[1] as? NSNumber)?.intValue)
            #expect((3...5).contains(seconds), "points: \(seconds)")
            let summed = try await influx.query("SELECT sum(value) FROM http_reqs", db: "barrage")
            #expect((summed.first?[1] as? NSNumber)?.doubleValue == requests)
            let summedIterations = try await influx.query("SELECT sum(value) FROM iterations", db: "barrage")
            #expect((summedIterations.first?[1] as? NSNumber)?.doubleValue == iterations)
            let p95 = try await influx.query("SELECT max(p95) FROM http_req_duration", db: "barrage")
            #expect(((p95.first?[1] as? NSNumber)?.doubleValue ?? 0) > 0)
            let agentPoints = try await influx.query("SELECT count(value) FROM agent_cpu_percent WHERE agent = 'local'", db: "barrage")
            #expect((agentPoints.first?[1] as? NSNumber)?.intValue == seconds)
            print("influxdb: \(seconds) seconds of points, sum(http_reqs) = \(requests)")
            _ = target
        }

        /// Nothing listening: the run is neither failed nor slowed; the drops are warned once and counted.
        @Test func downInfluxDBDropsPointsWithoutSlowingTheRun() async throws {
            let (target, baseURL) = try await Fixtures.startTarget()
            let port = try ExternalTool.freePort()
            let started = Date()
            let run = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--vus", "5", "--duration", "3s", "--sleep", "50ms",
                "--out", "influxdb=http://127.0.0.1:\(port)/barrage",
            ])
            let wall = Date().timeIntervalSince(started)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(wall < 7, "took \(wall)s")
            #expect(run.stderr.components(separatedBy: "influxdb: cannot write").count == 2, "\(run.stderr)")
            let note = try #require(run.stdout.split(separator: "\n").first { $0.contains("points dropped") })
            #expect(note.contains("0 written"), "\(note)")
            #expect(!note.contains(" 0 points dropped"))
            print("down influxdb: run took \(String(format: "%.1f", wall))s; \(note)")
            _ = target
        }
    
        /// Remote write to a real Prometheus, read back through its HTTP API: sum(k6_http_reqs_total)
        /// is the summary's http_reqs, and k6's names and labels are there.
        @Test(.tags(.tool)) func prometheusReceivesK6sSeries() async throws {
            guard let executable = ExternalTool.find("prometheus") else {
                try RequiredTool.prometheus.missing()
                return
            }
            let prometheus = try await PrometheusDaemon(executable: executable)
            let (target, baseURL) = try await Fixtures.startTarget()
            let export = Fixtures.temporaryPath("export.json")
            let run = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--vus", "5", "--duration", "3s", "--sleep", "50ms", "--quiet", "--no-results",
                "--out", "prometheus-rw=http://127.0.0.1:\(prometheus.port)/api/v1/write", "--summary-export", export,
            ])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(!run.stdout.contains("samples dropped"), "\(run.stdout)")
            let requests = try #require(Fixtures.metric(try Fixtures.readExport(export), "http_reqs", "count"))
            let iterations = try #require(Fixtures.metric(try Fixtures.readExport(export), "iterations", "count"))
            let total = try await prometheus.query("sum(k6_http_reqs_total)")
            #expect(total.first?.value == requests, "\(total)")
            #expect(try await prometheus.query("k6_iterations_total").first?.value == iterations)
            let p99 = try await prometheus.query("k6_http_req_duration_p99")
            #expect(p99.count == 1 && (p99.first?.value ?? 0) > 0 && (p99.first?.value ?? 1) < 1, "seconds: \(p99)")
            #expect(p99.first?.labels["status"] == "200" && p99.first?.labels["method"] == "GET" && p99.first?.labels["name"] != nil)
            #expect(try await prometheus.query("k6_vus").count == 1)
            #expect(try await prometheus.query("k6_http_req_failed_rate").first?.value == 0)
            print("prometheus: sum(k6_http_reqs_total) = \(total.first?.value ?? -1), summary http_reqs = \(requests)")
            _ = target
        }

        /// Nothing listening on the remote write port: the run is neither failed nor slowed.
        @Test func downPrometheusDropsSamplesWithoutSlowingTheRun() async throws {
            let (target, baseURL) = try await Fixtures.startTarget()
            let port = try ExternalTool.freePort()
            let started = Date()
            let run = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--vus", "5", "--duration", "3s", "--sleep", "50ms", "--no-results",
                "--out", "prometheus-rw=http://127.0.0.1:\(port)/api/v1/write",
            ])
            let wall = Date().timeIntervalSince(started)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(wall < 7, "took \(wall)s")
            #expect(run.stderr.components(separatedBy: "prometheus-rw: cannot write").count == 2, "\(run.stderr)")
            let note = try #require(run.stdout.split(separator: "\n").first { $0.contains("prometheus-rw:") && $0.contains("samples dropped") })
            #expect(note.contains("0 written"), "\(note)")
            print("down prometheus: run took \(String(format: "%.1f", wall))s; \(note)")
            _ = target
        }
    }
}
