import Foundation
import Testing

/// Issue #21 items 1 and 2: a metrics endpoint (`--out influxdb`, `--out prometheus-rw`) is a peer
/// like any other. Whatever it answers, the coordinator's memory, CPU and exit time stay bounded,
/// and metrics never go where a redirect points.
extension IntegrationSuite {
    @Suite struct HostileEndpointTests {
        /// A 4 s run with both HTTP outputs pointed at `influx` and `prometheus`: its exit status,
        /// summary, stderr, wall time and usage.
        func run(influx: HostileHTTPServer, prometheus: HostileHTTPServer) async throws
            -> (status: Int32, stdout: String, stderr: String, wall: Double, usage: ProcessUsage) {
            let (target, baseURL) = try await Fixtures.startTarget()
            let started = Date()
            let child = try ChildProcess([
                "run", "--url", baseURL + "/api/posts/", "--vus", "2", "--duration", "4s", "--sleep", "100ms", "--quiet", "--no-results",
                "--out", "influxdb=http://127.0.0.1:\(influx.port)/barrage",
                "--out", "prometheus-rw=http://127.0.0.1:\(prometheus.port)/api/v1/write",
            ])
            let (status, usage) = try await child.waitForExitMeasuring(timeout: 60, killAboveRSSKiB: 400_000)
            let wall = Date().timeIntervalSince(started)
            print("run: \(String(format: "%.1f", wall)) s wall, \(String(format: "%.2f", usage.cpuSeconds)) s CPU, peak RSS \(usage.peakRSSKiB / 1024) MiB")
            _ = target
            return (status, child.stdout, child.stderr, wall, usage)
        }

        /// Each write answered with a 10 GB body, a success (InfluxDB) and an error (Prometheus):
        /// on main RSS grew ~250 MB/s until the OOM killer came. Now 4 KiB of each answer is read.
        @Test func endlessResponseBodiesAreNotRead() async throws {
            let influx = try await HostileHTTPServer(.endlessBody(status: 200))
            let prometheus = try await HostileHTTPServer(.endlessBody(status: 500))
            let run = try await run(influx: influx, prometheus: prometheus)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.usage.peakRSSKiB < 150_000, "peak RSS \(run.usage.peakRSSKiB) KiB")
            #expect(run.wall < 12, "took \(run.wall) s")
            #expect(influx.requests.count >= 3, "the writes were sent")
            // What the kernel buffers before the coordinator closes; a read of the body would be GBs.
            #expect(influx.bytesSent + prometheus.bytesSent < 256 << 20)
            #expect(run.stdout.contains("prometheus-rw:") && run.stdout.contains("HTTP 500"), "\(run.stdout)")
            await influx.stop()
            await prometheus.stop()
        }

        /// A 307 to another host: the metrics must not be POSTed there (main followed it).
        @Test func redirectsToAnotherHostAreNotFollowed() async throws {
            let elsewhere = try await HostileHTTPServer(.healthy, host: "127.0.0.2")
            let redirect = try await HostileHTTPServer(.redirect(location: "http://127.0.0.2:\(elsewhere.port)/stolen"))
            let run = try await run(influx: redirect, prometheus: redirect)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(elsewhere.requests.isEmpty, "followed to \(elsewhere.requests)")
            #expect(redirect.requests.count >= 3)
            #expect(run.stderr.contains("influxdb: cannot write") && run.stderr.contains("HTTP 307 (redirects are not followed)"), "\(run.stderr)")
            await elsewhere.stop()
            await redirect.stop()
        }

        /// Endpoints that accept and never answer: the flush of both outputs ends within one 3 s
        /// budget and waiting costs no CPU. On main a 4 s run took 12 s and 10.8 s of CPU.
        @Test func silentEndpointsDelayTheExitByTheBudgetAtMost() async throws {
            let silent = try await HostileHTTPServer(.silent)
            let run = try await run(influx: silent, prometheus: silent)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            // 4 s of load, ~1.5 s to start and stop, the 3 s flush budget, and slack for a busy machine.
            #expect(run.wall < 10.5, "took \(run.wall) s")
            #expect(run.usage.cpuSeconds < 3, "\(run.usage.cpuSeconds) s of CPU")
            #expect(run.stdout.contains("influxdb:") && run.stdout.contains("no answer in time"), "\(run.stdout)")
            await silent.stop()
        }
    }
}
