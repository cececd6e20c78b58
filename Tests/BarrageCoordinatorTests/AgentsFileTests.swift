import Foundation
import Testing
@testable import BarrageCoordinator

struct AgentsFileTests {
    @Test func parsesTheExampleConfig() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("config/agents.yaml").path
        let endpoints = try AgentsFile.parse(try String(contentsOfFile: path, encoding: .utf8), path: path)
        #expect(endpoints.map(\.name) == ["gen-1", "gen-2", "big-1"])
        #expect(endpoints.map(\.weight) == [1, 1, 2])
        #expect(endpoints[0].host == "10.0.0.11" && endpoints[0].port == 7070)
    }

    @Test(arguments: [
        ("agents:\n  - address: 1.2.3.4\n", "line 2"),
        ("agents:\n  - address: 1.2.3.4:70\n    wieght: 2\n", "'wieght'"),
        ("agents:\n  - address: 1.2.3.4:70\n    weight: -1\n", "positive"),
        ("agent:\n  - address: 1.2.3.4:70\n", "unknown key 'agent'"),
        ("agents: []\n", "non-empty"),
        ("agents:\n  - name: x\n", "no 'address'"),
        ("agents: [\n", "not valid YAML"),
    ])
    func rejectsBadFilesNamingLineAndKey(text: String, mentions: String) {
        do {
            _ = try AgentsFile.parse(text, path: "agents.yaml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.hasPrefix("agents.yaml: "))
            #expect(error.description.contains(mentions), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }
}

struct AgentEndpointTests {
    @Test func parsesListsAndIPv6() throws {
        let endpoints = try AgentEndpoint.parseList("10.0.0.1:7070, [::1]:7071")
        #expect(endpoints.map(\.name) == ["a1", "a2"])
        #expect(endpoints[1].host == "::1" && endpoints[1].port == 7071)
        #expect(endpoints[1].address == "[::1]:7071")
    }

    /// #23 item 9: `--name L1` replaces a1 when no other agent has it; shared names, unheard agents
    /// and names from an agents file stay as they are; a hostile name is cut to letters, digits, `._-`.
    @Test func placeholderNamesGiveWayToTheAgentsOwn() throws {
        var endpoints = try AgentEndpoint.parseList("10.0.0.1:7070,10.0.0.2:7070,10.0.0.3:7070,10.0.0.4:7070,10.0.0.5:7070")
        endpoints[4].name = "L1"
        endpoints[4].placeholderName = false
        let named = AgentEndpoint.adoptingOwnNames(endpoints, own: ["L2", "vm", "vm", nil, "x"])
        #expect(named.map(\.name) == ["L2", "a2", "a3", "a4", "L1"])
        #expect(AgentEndpoint.adoptingOwnNames(endpoints, own: ["L1", nil, nil, nil, nil]).map(\.name)[0] == "a1", "L1 is taken")
        #expect(AgentEndpoint.adoptingOwnNames(endpoints, own: ["gen\u{1B}[2J"]).map(\.name)[0] == "gen2J")
        #expect(AgentEndpoint.adoptingOwnNames(endpoints, own: ["\u{1B}"]).map(\.name)[0] == "a1")
    }

    @Test(arguments: ["", "host", "host:0", "host:70000", ":80", "[::1]7070"])
    func rejectsBadAddresses(text: String) {
        #expect(throws: CoordinatorError.self) { try AgentEndpoint.parseList(text) }
    }

    @Test func listeningAllowsPortZero() throws {
        #expect(try AgentEndpoint.parseAddress("127.0.0.1:0", listening: true).port == 0)
    }
}
