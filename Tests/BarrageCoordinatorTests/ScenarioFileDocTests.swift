import Foundation
import Testing
@testable import BarrageCoordinator
@testable import BarrageCore

/// config/README.md documents every key a scenario file may have: each key the loader accepts
/// appears there as `` `key` ``, `` `key: `` or `` `{key: `` (a key added without its doc fails here).
struct ScenarioFileDocTests {
    static func readme() throws -> String {
        try String(contentsOf: ScenarioFileTests.root.appendingPathComponent("config/README.md"), encoding: .utf8)
    }

    /// Every key the loader accepts, by where it goes.
    static func keys() -> [(place: String, keys: [String])] {
        var steps: [String] = ScenarioFile.SleepStepKey.allCases.map(\.rawValue)
        steps += ScenarioFile.RandomStepKey.allCases.map(\.rawValue)
        steps += ScenarioFile.BranchKey.allCases.map(\.rawValue)
        steps += ScenarioFile.IfStepKey.allCases.map(\.rawValue)
        steps += ScenarioFile.LoopStepKey.allCases.map(\.rawValue)
        steps += ScenarioFile.LoopKey.allCases.map(\.rawValue)
        steps += ScenarioFile.GroupStepKey.allCases.map(\.rawValue)
        steps += ScenarioFile.CallStepKey.allCases.map(\.rawValue)
        var executors: [String] = []
        for name in ExecutorName.allCases { executors += [name.rawValue] + name.optionKeys }
        var keys: [(place: String, keys: [String])] = []
        keys.append(("top level", ScenarioFile.topLevelKeys))
        keys.append(("scenario", ScenarioFile.scenarioKeys))
        keys.append(("executor", executors))
        keys.append(("stage", ["duration", "target"]))
        keys.append(("request", ScenarioFile.RequestKey.allCases.map(\.rawValue)))
        keys.append(("check", ScenarioFile.CheckKey.allCases.map(\.rawValue)))
        keys.append(("extract", ScenarioFile.ExtractKey.allCases.map(\.rawValue)))
        keys.append(("http", ScenarioFile.httpKeys))
        keys.append(("data", ScenarioFile.dataKeys))
        keys.append(("threshold", ScenarioFile.thresholdKeys))
        keys.append(("step", steps))
        return keys
    }

    @Test func theReadmeNamesEveryKey() throws {
        let readme = try Self.readme()
        for (place, keys) in Self.keys() {
            for key in keys {
                let documented = ["`\(key)`", "`\(key):", "`{\(key):"].contains { readme.contains($0) }
                #expect(documented, "config/README.md does not document the \(place) key '\(key)'")
            }
        }
    }

    /// The example of several scenarios with flows and groups is listed with the others.
    @Test func theReadmeListsEveryExample() throws {
        let readme = try Self.readme()
        let names = try FileManager.default.contentsOfDirectory(atPath: ScenarioFileTests.root.appendingPathComponent("config").path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".sh") }
        for name in names { #expect(readme.contains("`\(name)`"), "config/README.md does not list \(name)") }
    }
}
