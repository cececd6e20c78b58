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
        ])
        func badInputIsOneLineAndExitTwo(arguments: [String], mentions: String) async throws {
            let run = try await ChildProcess.run(arguments, timeout: 30)
            #expect(run.status == 2, "stderr: \(run.stderr)")
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.count == 1, "stderr: \(run.stderr)")
            #expect(run.stderr.contains(mentions), "stderr: \(run.stderr)")
            #expect(!run.stderr.contains("Fatal error"))
        }
    }
}
