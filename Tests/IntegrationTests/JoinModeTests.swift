import BarrageTestSupport
import Foundation
import Testing

/// Issue #12: `coord init`, agents that join (`--join`), the bare `coord run --vus N --duration D`
/// from barrage.yaml, `coord agents`, and the project file's rules.
extension IntegrationSuite {
    @Suite struct JoinModeTests {
        /// A loopback port free right now.
        static func freePort() -> Int {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
            return Int(UInt16(bigEndian: address.sin_port))
        }

        static func folder() throws -> String {
            let path = Fixtures.temporaryPath("project")
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return path
        }

        /// The count on a summary line such as `http_reqs......: 120  29.5/s`.
        static func summaryCount(_ summary: String, _ metric: String) -> Int? {
            guard let line = summary.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(metric + ".") }),
                  let colon = line.firstIndex(of: ":") else { return nil }
            return line[line.index(after: colon)...].split(separator: " ").first.flatMap { Int($0) }
        }

        /// `coord init`'s default listens on every interface: said when it is written, and why.
        @Test func initSaysItListensOnEveryInterface() async throws {
            let project = try Self.folder()
            let initialized = try await ChildProcess.run(["init"], directory: project)
            #expect(initialized.status == 0, "\(initialized.stderr)")
            #expect(initialized.stdout.contains("listen for agents on 0.0.0.0:7000: every interface"), "\(initialized.stdout)")
            #expect(initialized.stdout.contains("--listen-agents 127.0.0.1:7000"), "\(initialized.stdout)")
            #expect(try String(contentsOfFile: project + "/barrage.yaml", encoding: .utf8).contains("0.0.0.0 is every interface"))
        }

        @Test func initJoinAndTheBareRunCommand() async throws {
            let (target, url) = try await Fixtures.startTarget()
            let port = Self.freePort()
            let project = try Self.folder()
            let initialized = try await ChildProcess.run(
                ["init", "--url", url + "/api/posts/", "--listen-agents", "127.0.0.1:\(port)", "--expect-agents", "3"], directory: project)
            #expect(initialized.status == 0, "\(initialized.stderr)")
            #expect(initialized.stdout.contains("coord agent --join") && initialized.stdout.contains("coord run --vus 1000 --duration 3m"))
            let tokenPath = project + "/barrage.token"
            let mode = try FileManager.default.attributesOfItem(atPath: tokenPath)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(try String(contentsOfFile: tokenPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines).count == 64)
            #expect(try String(contentsOfFile: project + "/.gitignore", encoding: .utf8).contains("results/"))
            let again = try await ChildProcess.run(["init"], directory: project)
            #expect(again.status == 2 && again.stderr.contains("never overwrites"))

            var agents: [ChildProcess] = []
            for name in ["j1", "j2", "j3"] {
                agents.append(try ChildProcess(["agent", "--join", "127.0.0.1:\(port)", "--token-file", tokenPath, "--name", name]))
            }
            let intruderToken = try Fixtures.tokenFile("an-intruders-token-6f2d9a1c84b7e350")
            let intruder = try ChildProcess(["agent", "--join", "127.0.0.1:\(port)", "--token-file", intruderToken, "--name", "intruder"])

            // Exactly the bare command: everything else comes from barrage.yaml.
            let first = try await ChildProcess.run(["run", "--vus", "30", "--duration", "3s"], directory: project)
            #expect(first.status == 0, "stderr: \(first.stderr)")
            // Said before the run: which file was read and what it set (the command line's --vus is not listed).
            let using = try #require(first.stderr.split(separator: "\n").first { $0.hasPrefix("using barrage.yaml: ") }, "\(first.stderr)")
            #expect(using.contains("sleep=1s") && using.contains("expect-status=200") && using.contains("threshold=["), "\(using)")
            #expect(!using.contains("vus="), "\(using)")
            let served = try Fixtures.feedCount(baseURL: url)
            #expect(Self.summaryCount(first.stdout, "http_reqs") == served, "summary: \(first.stdout), served \(served)")
            for name in ["j1", "j2", "j3"] { #expect(first.stdout.contains("       \(name) "), "\(name) missing: \(first.stdout)") }
            #expect(!first.stdout.contains("intruder"))
            #expect(first.stderr.contains("refused a joining agent"), "\(first.stderr)")
            #expect(intruder.stderr.contains("TLS handshake failed"), "\(intruder.stderr)")

            // They join again; one is killed mid-run and reported lost, as a dialed agent would be.
            let second = try ChildProcess(["run", "--vus", "30", "--duration", "6s"], directory: project)
            try await Task.sleep(for: .seconds(4))
            agents[2].signal(SIGKILL)
            #expect(try await second.waitForExit(timeout: 60) == 0, "stderr: \(second.stderr)")
            #expect(second.stdout.contains("lost"), "\(second.stdout)")

            // The survivors rejoin; the listing and a third bare run work with the flag on top.
            let listed = try await ChildProcess.run(["agents", "--expect-agents", "2", "--agents-timeout", "20s"], directory: project)
            #expect(listed.status == 0, "\(listed.stdout) \(listed.stderr)")
            #expect(listed.stdout.contains("j1") && listed.stdout.contains("j2") && listed.stdout.contains("idle"), "\(listed.stdout)")
            let third = try await ChildProcess.run(["run", "--vus", "4", "--duration", "2s", "--expect-agents", "2"], directory: project)
            #expect(third.status == 0, "stderr: \(third.stderr)")

            // Too few agents: a clear error and exit 1 at the timeout.
            let short = try await ChildProcess.run(["run", "--vus", "4", "--duration", "1s", "--expect-agents", "5", "--agents-timeout", "3s"], directory: project)
            #expect(short.status == 1)
            #expect(short.stderr.contains("expected 5 agents, but 2 joined"), "\(short.stderr)")
            _ = (target, intruder, agents)
        }

        @Test func everyRunFlagIsAProjectKeyAndTheCommandLineWins() async throws {
            let dump = try await ChildProcess.run(["run", "--experimental-dump-help"])
            let info = try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any]
            let arguments = ((info?["command"] as? [String: Any])?["arguments"] as? [[String: Any]]) ?? []
            var keys: [(name: String, flag: Bool)] = []
            for argument in arguments {
                let names = (argument["names"] as? [[String: Any]]) ?? []
                guard let long = names.first(where: { $0["kind"] as? String == "long" })?["name"] as? String,
                      !["help", "config"].contains(long) else { continue }
                keys.append((long, argument["kind"] as? String == "flag"))
            }
            #expect(keys.count >= 25, "too few options found: \(keys.map(\.name))")
            let project = try Self.folder()
            var yaml = "scenario: feed.yaml\n"
            for key in keys { yaml += key.flag ? "\(key.name): true\n" : "\(key.name): value-of-\(key.name)\n" }
            try yaml.write(toFile: project + "/barrage.yaml", atomically: true, encoding: .utf8)
            let explained = try await ChildProcess.run(["explain-config", "run", "--vus", "7"], directory: project)
            #expect(explained.status == 0, "\(explained.stderr)")
            let lines = explained.stdout.split(separator: "\n").map(String.init)
            for key in keys where key.name != "vus" {
                #expect(lines.contains("--" + key.name), "\(key.name) does not map to its flag")
                if !key.flag {
                    let value = key.name.hasSuffix("-file") ? project + "/value-of-\(key.name)" : "value-of-\(key.name)"
                    #expect(lines.contains(value) || lines.contains("value-of-\(key.name)"), "\(key.name)'s value is missing")
                }
            }
            // The command line wins, and the positional scenario is added last.
            #expect(lines.contains("7") && !lines.contains("value-of-vus"))
            #expect(lines.last == "feed.yaml")  // relative to barrage.yaml, here the working folder

            try "url: http://127.0.0.1:1/\nnot-a-flag: 3\n".write(toFile: project + "/barrage.yaml", atomically: true, encoding: .utf8)
            let unknown = try await ChildProcess.run(["run", "--vus", "1"], directory: project)
            #expect(unknown.status == 2)
            #expect(unknown.stderr.contains("barrage.yaml:2: not-a-flag:"), "\(unknown.stderr)")
            try "url: [unclosed\n".write(toFile: project + "/broken.yaml", atomically: true, encoding: .utf8)
            let broken = try await ChildProcess.run(["run", "--config", "broken.yaml"], directory: project)
            #expect(broken.status == 2 && broken.stderr.contains("broken.yaml:"), "\(broken.stderr)")
        }

        @Test(.tags(.tool)) func kubernetesManifestsRenderAndValidate() async throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            let folder = root.appendingPathComponent("agents/kubernetes").path
            guard let kubectl = ExternalTool.find("kubectl") else {
                try RequiredTool.kubectl.missing()
                return
            }
            let rendered = try await ExternalTool.run(kubectl, ["kustomize", folder])
            #expect(rendered.status == 0)
            for kind in ["Namespace", "Secret", "ConfigMap", "Deployment", "Job", "Service"] {
                #expect(rendered.stdout.contains("kind: \(kind)"), "no \(kind)")
            }
            #expect(rendered.stdout.contains("podAntiAffinity") && rendered.stdout.contains("--join"))
            #expect(rendered.stdout.contains("barrage-coordinator:7000") && rendered.stdout.contains("--expect-agents"))
            let manifests = Fixtures.temporaryPath("k8s.yaml")
            try rendered.stdout.write(toFile: manifests, atomically: true, encoding: .utf8)
            guard let validate = ExternalTool.find("kubernetes-validate") else {
                try RequiredTool.kubernetesValidate.missing()
                return
            }
            let validated = try await ExternalTool.run(validate, ["--strict", manifests])
            #expect(validated.status == 0, "\(validated.stdout)")
            // The Job's scenario is a real scenario file: it runs (against a local target).
            let (target, url) = try await Fixtures.startTarget()
            let run = try await ChildProcess.run(["run", folder + "/scenario.yaml", "--url", url, "--vus", "1", "--duration", "1s", "--quiet"])
            #expect(run.status == 0, "\(run.stderr)")
            _ = target
        }
    }
}
