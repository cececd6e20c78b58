import ArgumentParser
import BarrageCoordinator
import BarrageCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `coord init`: a commented `barrage.yaml`, a fresh token file (256 random bits, mode 0600) and a
/// `.gitignore` for them in the current folder, then the three commands to run next. Never
/// overwrites a file.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write barrage.yaml and a fresh token here, and print how to start agents and run."
    )

    static let tokenName = "barrage.token"

    @Option(help: "The URL runs request by default.")
    var url: String = "http://127.0.0.1:8080/api/posts/"

    @Option(name: .customLong("listen-agents"), help: "Where the coordinator waits for joining agents.")
    var listenAgents: String = "0.0.0.0:7000"

    @Option(name: .customLong("expect-agents"), help: "How many agents a run waits for.")
    var expectAgents: Int = 3

    mutating func validate() throws {
        do { _ = try TargetURL(url) } catch { throw ValidationError("--url: \(error.description)") }
        guard (1...10_000).contains(expectAgents) else { throw ValidationError("--expect-agents must be from 1 to 10000") }
    }

    func run() throws {
        for name in [ProjectFileTemplate.fileName, Self.tokenName] where FileManager.default.fileExists(atPath: name) {
            throw CommandFailure.badInput("\(name) already exists here; coord init never overwrites (remove it, or edit it)")
        }
        var random = SystemRandomNumberGenerator()
        let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &random)) }.joined()
        try Self.create(Self.tokenName, contents: token + "\n", mode: 0o600)
        try Self.create(
            ProjectFileTemplate.fileName,
            contents: ProjectFileTemplate.text(url: url, tokenFile: Self.tokenName, listenAgents: listenAgents, expectAgents: expectAgents),
            mode: 0o644)
        try Self.ignore(["results/", Self.tokenName])
        let port = listenAgents.split(separator: ":").last.map(String.init) ?? "7000"
        print("""
            wrote \(ProjectFileTemplate.fileName), \(Self.tokenName) (mode 0600) and .gitignore
            \(Self.listenNote(listenAgents))

            next:
              1. copy \(Self.tokenName) to each load-generating machine (keep it mode 0600)
              2. on each of them:  coord agent --join THIS-HOST:\(port) --token-file \(Self.tokenName)
              3. here:             coord run --vus 1000 --duration 3m
            """)
    }

    /// Says where runs will listen for agents. The default, every interface, is the point of join
    /// mode (agents on other machines dial in; TLS keyed by the token admits only holders of it), so
    /// it is chosen without a prompt but said out loud, with the loopback alternative.
    static func listenNote(_ address: String) -> String {
        let port = address.split(separator: ":").last.map(String.init) ?? "7000"
        guard address.hasPrefix("0.0.0.0:") || address.hasPrefix("[::]:") else {
            return "runs here listen for agents on \(address) (listen-agents in \(ProjectFileTemplate.fileName))"
        }
        return "runs here listen for agents on \(address): every interface, so agents on other machines can join "
            + "(only holders of \(tokenName) get in); to keep it on this machine: --listen-agents 127.0.0.1:\(port)"
    }

    /// Creates `path` with `mode`, failing if it exists (O_EXCL: no race with another writer).
    static func create(_ path: String, contents: String, mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else { throw CommandFailure(message: "cannot create \(path): \(String(cString: strerror(errno)))", exitCode: ExitCodes.failure) }
        defer { close(fd) }
        var bytes = Array(contents.utf8)
        guard write(fd, &bytes, bytes.count) == bytes.count else {
            throw CommandFailure(message: "cannot write \(path): \(String(cString: strerror(errno)))", exitCode: ExitCodes.failure)
        }
    }

    /// Adds `entries` to `.gitignore` (created if missing), once each.
    static func ignore(_ entries: [String]) throws {
        let existing = (try? String(contentsOfFile: ".gitignore", encoding: .utf8)) ?? ""
        let lines = Set(existing.split(separator: "\n").map(String.init))
        let missing = entries.filter { !lines.contains($0) }
        guard !missing.isEmpty else { return }
        let text = (existing.isEmpty || existing.hasSuffix("\n") ? existing : existing + "\n") + missing.joined(separator: "\n") + "\n"
        do { try text.write(toFile: ".gitignore", atomically: true, encoding: .utf8) } catch {
            throw CommandFailure(message: "cannot write .gitignore: \(error.localizedDescription)", exitCode: ExitCodes.failure)
        }
    }
}

/// The commented `barrage.yaml` that `coord init` writes.
enum ProjectFileTemplate {
    static let fileName = ProjectFile.defaultName

    static func text(url: String, tokenFile: String, listenAgents: String, expectAgents: Int) -> String {
        """
        # barrage.yaml: defaults for `coord run` and `coord agents` in this folder.
        # Keys are coord run's long flag names (coord run --help); a flag on the command line wins.

        url: \(url)          # what each VU requests; or a scenario file:
        # scenario: config/feed.yaml
        token-file: \(tokenFile)              # the shared secret: copy it to every agent (mode 0600)

        # Agents dial in (coord agent --join THIS-HOST:PORT); or list them with agents: host:port,...
        # 0.0.0.0 is every interface, so other machines can join; TLS keyed by the token admits
        # only holders of it. 127.0.0.1:PORT keeps it on this machine.
        listen-agents: \(listenAgents)
        expect-agents: \(expectAgents)                      # a run starts once this many have joined
        agents-timeout: 5m

        # The reference experiment's iteration: GET, check 200, sleep 1s.
        sleep: 1s
        expect-status: [200]
        threshold:
          - "http_req_failed:rate<0.01"
          - "http_req_duration:p(95)<1000"

        # vus: 1000
        # duration: 3m
        # out: ["json=run.jsonl"]
        # report: report.html
        """ + "\n"
    }
}
