import Foundation
import Testing

extension IntegrationSuite {
    @Suite struct BadInputTests {
        @Test(arguments: [
            (["run", "--url", "ftp://example"], "ftp"),
            (["run", "--url", "http://127.0.0.1:1/", "--duration", "3x"], "3x"),
            (["run", "--url", "http://127.0.0.1:1/", "--vus", "0"], "--vus"),
            (["run", "--url", "http://127.0.0.1:1/", "--no-such-flag"], "no-such-flag"),
            (["run", "--url", "http://127.0.0.1:1/", "--agents", "nohostport", "--token-file", "/nonexistent"], "nohostport"),
            (["run", "--url", "http://127.0.0.1:1/", "--agents", "127.0.0.1:7", "--token-file", "/nonexistent/token"], "/nonexistent/token"),
            (["agent", "--token-file", "/nonexistent/token", "--listen", "127.0.0.1:0"], "/nonexistent/token"),
            (["run", "--url", "http://127.0.0.1:1/", "--results", "/proc/nonexistent"], "cannot create the results folder /proc/nonexistent/"),
            (["run", "--url", "http://127.0.0.1:1/", "--baseline", "/nonexistent/base"], "/nonexistent/base: no such file or folder"),
            (["run", "--url", "http://127.0.0.1:1/", "--baseline-threshold", "http_req_duration:p(95)<+10%"], "--baseline-threshold needs --baseline"),
            (["compare", "/nonexistent/a", "/nonexistent/b"], "/nonexistent/a: no such file or folder"),
            (["compare", "a", "b", "--threshold", "p(95)<+10%"], "p(95)<+10%"),
            (["report", "/nonexistent/run"], "/nonexistent/run/journal.jsonl: cannot read"),
            (["target", "--delay", "soon"], "--delay"),
            (["agents", "--listen-agents", "127.0.0.1:0", "--expect-agents", "-5", "--token-file", "/nonexistent/token"], "--expect-agents"),
            (["run", "--url", "http://127.0.0.1:1/", "--listen-agents", "127.0.0.1:0", "--expect-agents", "0", "--token-file", "/x"], "--expect-agents"),
            (["agent", "--token-file", "/nonexistent/token", "--idle-timeout", "0s"], "--idle-timeout"),
            (["agent", "--token-file", "/nonexistent/token", "--allow-target", ""], "--allow-target"),
            (["agent", "--token-file", "/nonexistent/token", "--allow-target", "10.0.0.0/33"], "10.0.0.0/33"),
            (["run", "--url", "http://127.0.0.1:1/", "--duration", "-5s"], "'-5s'"),
            (["run", "--url", "http://127.0.0.1:1/", "--sleep", "1s-2s"], "e.g. 1s..2s"),
            (["run", "/tmp/script.js"], "k6 script: Barrage does not run JavaScript"),
        ])
        func badInputIsOneLineAndExitTwo(arguments: [String], mentions: String) async throws {
            let run = try await ChildProcess.run(arguments, timeout: 30)
            #expect(run.status == 2, "stderr: \(run.stderr)")
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.count == 1, "stderr: \(run.stderr)")
            #expect(run.stderr.contains(mentions), "stderr: \(run.stderr)")
            #expect(!run.stderr.contains("Fatal error"))
        }

        /// Messages carry no library internals: an agent that is not there, a dashboard port in
        /// use, and `coord report` on the folder of the run folders.
        @Test func messagesSayWhatToDo() async throws {
            let token = try Fixtures.tokenFile()
            let unreachable = try await ChildProcess.run(
                ["run", "--url", "http://127.0.0.1:1/", "--agents", "127.0.0.1:1", "--token-file", token, "--quiet", "--no-results"], timeout: 30)
            #expect(unreachable.status == 1, "stderr: \(unreachable.stderr)")
            #expect(unreachable.stderr.contains("connection refused") && unreachable.stderr.contains("coord agent"), "\(unreachable.stderr)")
            #expect(!unreachable.stderr.contains("SingleConnectionFailure") && !unreachable.stderr.contains("errno"), "\(unreachable.stderr)")
            #expect(unreachable.stderr.split(separator: "\n").count == 1, "\(unreachable.stderr)")

            let holder = try ChildProcess(["agent", "--listen", "127.0.0.1:0", "--token-file", token])
            defer { holder.signal(SIGKILL) }
            let line = try await holder.waitForLine(prefix: "agent listening on ")
            let port = try #require(line.split(separator: ":").last.map(String.init))
            let taken = try await ChildProcess.run(
                ["run", "--url", "http://127.0.0.1:1/", "--duration", "1s", "--dashboard", "127.0.0.1:" + port, "--quiet", "--no-results"], timeout: 30)
            #expect(taken.status == 2, "stderr: \(taken.stderr)")
            #expect(taken.stderr.contains("address already in use") && !taken.stderr.contains("bind(descriptor"), "\(taken.stderr)")

            let parent = Fixtures.temporaryPath("report-parent")
            let run = try await ChildProcess.run(
                ["run", "--url", "http://127.0.0.1:1/", "--vus", "1", "--duration", "1s", "--quiet", "--results", parent], timeout: 30)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let report = try await ChildProcess.run(["report", parent])
            #expect(report.status == 2, "stderr: \(report.stderr)")
            let runFolder = try #require(try FileManager.default.contentsOfDirectory(atPath: parent).first)
            #expect(report.stderr.contains(runFolder) && report.stderr.contains("coord report"), "\(report.stderr)")
        }
    }
}
