import Foundation
import Testing

extension IntegrationSuite {
    /// Results folders on real runs: the journal survives a SIGKILLed coordinator, `coord report`
    /// re-renders a finished run exactly, `coord compare` gates on a slower target.
    @Suite struct ResultsTests {
        /// The one results folder a run wrote under `parent`.
        static func folder(in parent: String) throws -> String {
            let entries = try FileManager.default.contentsOfDirectory(atPath: parent)
            #expect(entries.count == 1, "\(entries)")
            return parent + "/" + (try #require(entries.first))
        }

        /// Kill -9 at 7 s of a 20 s run: the journal holds every closed second, so `coord report`
        /// says partial and counts at least what the target had served 3 s before the kill, never
        /// more than it served in all.
        @Test func killedCoordinatorLeavesAPartialJournal() async throws {
            let (target, baseURL) = try await Fixtures.startTarget()
            let parent = Fixtures.temporaryPath("results")
            let run = try ChildProcess([
                "run", "--url", baseURL + "/api/posts/", "--vus", "4", "--duration", "20s", "--sleep", "100ms",
                "--quiet", "--results", parent,
            ])
            try await Task.sleep(for: .seconds(4))
            let servedThreeSecondsBefore = try Fixtures.feedCount(baseURL: baseURL)
            try await Task.sleep(for: .seconds(3))
            run.signal(SIGKILL)
            _ = try await run.waitForExit(timeout: 10)
            #expect(run.stderr.contains("results: \(parent)/"), "\(run.stderr)")
            let servedInAll = try Fixtures.feedCount(baseURL: baseURL)
            let folder = try Self.folder(in: parent)

            let report = try await ChildProcess.run(["report", folder])
            #expect(report.status == 0, "stderr: \(report.stderr)")
            let note = try #require(report.stdout.split(separator: "\n").first { $0.contains("partial: the coordinator stopped at ") })
            #expect(note.hasSuffix(" of 20s"), "\(note)")
            let export = try Fixtures.readExport(folder + "/summary.json")
            let counted = try #require(Fixtures.metric(export, "http_reqs", "count"))
            #expect(Double(servedThreeSecondsBefore) <= counted && counted <= Double(servedInAll),
                    "served \(servedThreeSecondsBefore) 3 s before the kill, \(servedInAll) in all; the journal counts \(counted)")
            #expect(FileManager.default.fileExists(atPath: folder + "/report.html"))
            print("killed at 7 s: target served \(servedThreeSecondsBefore) by 4 s and \(servedInAll) in all; journal: \(Int(counted)); \(note.trimmingCharacters(in: .whitespaces))")
            _ = target
        }

        /// A finished run's journal re-renders to exactly the summary the run printed, and the
        /// folder's summary.txt and summary.json are that summary and the --summary-export.
        @Test func finishedJournalReRendersTheSameSummary() async throws {
            let (target, baseURL) = try await Fixtures.startTarget()
            let parent = Fixtures.temporaryPath("results")
            let export = Fixtures.temporaryPath("export.json")
            let run = try await ChildProcess.run([
                "run", "--url", baseURL + "/api/posts/", "--vus", "3", "--duration", "3s", "--sleep", "50ms", "--quiet",
                "--results", parent, "--summary-export", export,
                "--threshold", "http_req_duration:p(95)<2000", "--threshold", "http_reqs:count>1000000",
            ])
            #expect(run.status == 99, "stderr: \(run.stderr)")
            let folder = try Self.folder(in: parent)
            #expect(run.stderr.split(separator: "\n").filter { $0 == "results: \(folder)" }.count == 2, "\(run.stderr)")
            #expect(try String(contentsOfFile: folder + "/summary.txt", encoding: .utf8) == run.stdout)
            #expect(try String(contentsOfFile: folder + "/summary.json", encoding: .utf8) == (try String(contentsOfFile: export, encoding: .utf8)))
            let reportPage = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)

            let report = try await ChildProcess.run(["report", folder])
            #expect(report.status == 99, "thresholds are evaluated again: \(report.stderr)")
            #expect(report.stdout == run.stdout)
            #expect(!report.stdout.contains("partial"))
            #expect(try String(contentsOfFile: folder + "/summary.json", encoding: .utf8) == (try String(contentsOfFile: export, encoding: .utf8)))
            #expect(try String(contentsOfFile: folder + "/report.html", encoding: .utf8) == reportPage)
            let hlog = try String(contentsOfFile: folder + "/http_req_duration.hlog", encoding: .utf8)
            #expect(hlog.hasPrefix("#[Histogram log format version 1.2]"))
            _ = target
        }

        /// A bad journal line gives one line naming the file and line, and exit 2.
        @Test func aCorruptJournalExitsTwo() async throws {
            let folder = Fixtures.temporaryPath("results")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try "{\"type\":\"plan\"}\n".write(toFile: folder + "/journal.jsonl", atomically: true, encoding: .utf8)
            let report = try await ChildProcess.run(["report", folder])
            #expect(report.status == 2)
            #expect(report.stderr.hasPrefix("error: \(folder)/journal.jsonl:1: missing field"), "\(report.stderr)")
            #expect(report.stderr.split(separator: "\n").count == 1)
            let missing = try await ChildProcess.run(["report", folder + "-none"])
            #expect(missing.status == 2 && missing.stderr.contains("cannot read"), "\(missing.stderr)")
        }

        /// The same workload against a target 100 ms slower fails a relative p95 threshold (exit
        /// 99); two runs against the same slow target pass (its delay dwarfs the noise); a genuine
        /// k6 export is accepted.
        @Test func compareGatesOnASlowerTarget() async throws {
            let (fast, fastURL) = try await Fixtures.startTarget()
            let slow = try ChildProcess(["target", "--listen", "127.0.0.1:0", "--threads", "1", "--delay", "100ms"])
            let slowURL = try await slow.waitForLine(prefix: "listening on ").trimmingCharacters(in: .whitespaces)
            func run(_ url: String, _ extra: [String] = []) async throws -> (folder: String, status: Int32, stdout: String) {
                let parent = Fixtures.temporaryPath("results")
                let run = try await ChildProcess.run([
                    "run", "--url", url + "/api/posts/", "--vus", "3", "--duration", "3s", "--sleep", "50ms", "--quiet",
                    "--results", parent,
                ] + extra)
                return (try Self.folder(in: parent), run.status, run.stdout)
            }
            let base = try await run(fastURL)
            let slower = try await run(slowURL)
            #expect(base.status == 0 && slower.status == 0)
            let gate = "http_req_duration:p(95)<+10%"
            let failing = try await ChildProcess.run(["compare", base.folder, slower.folder, "--threshold", gate])
            #expect(failing.status == 99, "\(failing.stdout)\(failing.stderr)")
            #expect(failing.stdout.contains("✗ \(gate)"))
            #expect(failing.stdout.split(separator: "\n").contains { $0.hasPrefix("  http_req_duration p(95)") && $0.hasSuffix("✗ regressed") })

            // Two runs on the same (slow, so steady) target, the second gated at its end with --baseline.
            let again = try await run(slowURL, ["--baseline", slower.folder, "--baseline-threshold", gate])
            #expect(again.status == 0, "\(again.stdout)")
            #expect(again.stdout.contains("compare: base \(slower.folder)") && again.stdout.contains("✓ \(gate)"))
            let passing = try await ChildProcess.run(["compare", slower.folder, again.folder, "--threshold", gate])
            #expect(passing.status == 0, "\(passing.stdout)")

            // k6's own --summary-export (k6 v1.1.0, Tests/BarrageCoreTests/Fixtures) as the base.
            let k6Export = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("BarrageResultsTests/Fixtures/k6-summary-export.json").path
            let k6 = try await ChildProcess.run(["compare", k6Export, base.folder + "/summary.json", "--threshold", "http_req_failed:rate<0.01"])
            #expect(k6.status == 0, "\(k6.stdout)\(k6.stderr)")
            #expect(k6.stdout.contains("  http_reqs (req/s)"))
            let bad = try await ChildProcess.run(["compare", k6Export, "/nonexistent"])
            #expect(bad.status == 2 && bad.stderr.contains("/nonexistent: no such file or folder"), "\(bad.stderr)")
            print(failing.stdout)
            _ = (fast, slow)
        }
    }
}
