import Foundation
import Testing

extension IntegrationSuite {
    /// Scenarios and groups end to end: two scenarios, each running its own flow with groups, on
    /// two real agents against the flow target (`Resources/flow_target.py`). The summary has the
    /// per-scenario and per-group tables, the export has every scenario's and every group's
    /// metrics (also those without a threshold), and `coord report` on the results folder gives
    /// the same summary and export again (the journal keeps the scenario and group parts).
    @Suite struct GroupsRunTests {
        static let browsers = 40
        static let buyers = 30

        /// `browsers` pass the group `browse`; `buyers` pass `checkout` and `pay` inside it; the
        /// group `never` sits behind an `if:` that never holds.
        static func file(_ base: String) -> String {
            """
            target: \(base)
            scenarios:
              browsers: {executor: shared-iterations, vus: 4, iterations: \(browsers), maxDuration: 60s, exec: browse, tags: {team: storefront}}
              buyers: {executor: shared-iterations, vus: 3, iterations: \(buyers), maxDuration: 60s, startTime: 1s, exec: buy}
            flows:
              browse:
                - group: browse
                  steps:
                    - {name: home, path: /home}
                    - {name: search, path: "/search?q=${randomInt(1,999)}"}
              buy:
                - if: "!exists(token)"
                  steps:
                    - {name: login, method: POST, path: "/login?vu=${vu}", extract: {token: {json: "$.access_token", scope: vu}}}
                - group: checkout
                  steps:
                    - name: order
                      method: POST
                      path: /orders
                      tags: {kind: write}
                      expectedStatuses: [201]
                      extract: {orderId: {json: "$.id"}, state: {json: "$.state"}, vip: {json: "$.vip"}}
                    - loop: {while: "state != 'done'", max: 20}
                      steps:
                        - {name: poll, path: "/orders/${orderId}", extract: {state: {json: "$.state"}}}
                    - group: pay
                      steps:
                        - if: "vip == 'yes'"
                          steps: [{name: vip, method: POST, path: "/orders/${orderId}/vip"}]
                          else: [{name: receipt, path: "/orders/${orderId}/receipt"}]
                - if: "status == 999"
                  steps:
                    - group: never
                      steps: [{name: never, path: /never}]
            thresholds:
              "group_duration{group:::checkout}": ["p(95)<10000"]
            """
        }

        /// The cells of the summary's row that starts with `first` (after the indent).
        static func row(_ summary: String, _ first: String) -> [String]? {
            summary.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }.first { $0.first == first }
        }

        @Test func everyScenarioAndGroupInTheSummaryExportAndReplay() async throws {
            let (target, base) = try await FlowRunTests.startTarget()
            let parent = Fixtures.temporaryPath("results")
            let result = try await SessionRunTests.run(Self.file(base), agents: 2, extra: ["--results", parent])
            #expect(result.run.status == 0, "stderr: \(result.run.stderr)")
            let summary = result.run.stdout
            let export = try Fixtures.readExport(result.export)

            // Every scenario: its requests, iterations and latency, with or without a threshold.
            for (scenario, iterations) in [("browsers", Self.browsers), ("buyers", Self.buyers)] {
                #expect(Fixtures.metric(export, "iterations{scenario:\(scenario)}", "count") == Double(iterations), "\(scenario)")
                #expect((Fixtures.metric(export, "http_req_duration{scenario:\(scenario)}", "p(95)") ?? 0) > 0, "\(scenario)")
                #expect(Self.row(summary, scenario)?[3] == String(iterations), "\(summary)")
            }
            #expect(Fixtures.metric(export, "http_reqs{scenario:browsers}", "count") == Double(2 * Self.browsers))
            // Each order is polled (N % 3 + 1) times, then paid: at least 3 requests an order, plus a login per VU.
            let buyerRequests = try #require(Fixtures.metric(export, "http_reqs{scenario:buyers}", "count"))
            #expect(buyerRequests >= Double(3 * Self.buyers) && buyerRequests <= Double(5 * Self.buyers + 3), "\(buyerRequests)")

            // Every group the flows declare, passed or not; `pay` ends inside `checkout`.
            for path in ["::browse", "::checkout", "::checkout::pay", "::never"] {
                #expect(Fixtures.metric(export, "group_duration{group:\(path)}", "max") != nil, "group_duration{group:\(path)} missing")
            }
            #expect(Fixtures.metric(export, "group_duration{group:::never}", "max") == 0)
            let checkout = try #require(Fixtures.metric(export, "group_duration{group:::checkout}", "max"))
            let pay = try #require(Fixtures.metric(export, "group_duration{group:::checkout::pay}", "max"))
            #expect(pay > 0 && checkout >= pay, "checkout \(checkout) ms, pay \(pay) ms")
            #expect(Self.row(summary, "::browse")?[1] == String(Self.browsers), "\(summary)")
            #expect(Self.row(summary, "::checkout")?[1] == String(Self.buyers), "\(summary)")
            #expect(Self.row(summary, "::checkout::pay")?[1] == String(Self.buyers), "\(summary)")
            #expect(Self.row(summary, "::never") == ["::never", "0", "-", "-"], "\(summary)")

            // The journal kept the scenario and group parts: the same summary and export again.
            let folder = try ResultsTests.folder(in: parent)
            let replay = try await ChildProcess.run(["report", folder])
            #expect(replay.status == 0, "stderr: \(replay.stderr)")
            #expect(replay.stdout == summary)
            #expect(try String(contentsOfFile: folder + "/summary.json", encoding: .utf8) == (try String(contentsOfFile: result.export, encoding: .utf8)))
            let page = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
            #expect(page.contains(#""path":"::checkout::pay""#) && page.contains(#"id="groups-section""#))
            print("groups run: checkout max \(checkout) ms, pay max \(pay) ms, buyers' requests \(Int(buyerRequests))")
            _ = (target, result.processes)
        }
    }
}
