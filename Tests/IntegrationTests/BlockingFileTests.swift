import Foundation
import Testing

/// Issue #21 item 9: files that block (a FIFO) or explode (gigabytes) are refused at load time,
/// with one line and exit 2, before anything is read or sent.
extension IntegrationSuite {
    @Suite struct BlockingFileTests {
        static func folder() throws -> String {
            let path = Fixtures.temporaryPath("files")
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return path
        }

        /// A sparse file of `bytes` (no disk space, reads as zeros), or a FIFO.
        static func make(_ path: String, bytes: Int? = nil) throws {
            if let bytes {
                guard FileManager.default.createFile(atPath: path, contents: nil) else { throw TestFailure("cannot create \(path)") }
                guard truncate(path, off_t(bytes)) == 0 else { throw TestFailure("cannot size \(path)") }
            } else {
                guard mkfifo(path, 0o600) == 0 else { throw TestFailure("mkfifo \(path) failed") }
            }
        }

        static func expectRefused(_ arguments: [String], _ expected: String, directory: String) async throws {
            let started = ContinuousClock.now
            let run = try await ChildProcess.run(arguments, directory: directory, timeout: 30)
            #expect(ContinuousClock.now - started < .seconds(10), "\(arguments) took \(ContinuousClock.now - started)")
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains(expected), "\(arguments): \(run.stderr)")
        }

        static func scenario(_ extra: String, request: String = "") -> String {
            """
            target: http://127.0.0.1:9
            \(extra)scenarios:
              s: {executor: constant-vus, vus: 1, duration: 1s}
            requests:
              - name: a
                path: /
                \(request)
            """
        }

        @Test func fifosAreRefusedInsteadOfBlocking() async throws {
            let folder = try Self.folder()
            try Self.make(folder + "/fifo")
            try await Self.expectRefused(["agent", "--listen", "127.0.0.1:0", "--token-file", folder + "/fifo"], "it is a FIFO, not a regular file", directory: folder)
            for key in ["tlsCA", "tlsClientCert"] {
                let extra = key == "tlsCA" ? "http:\n  tlsCA: fifo\n" : "http:\n  tlsClientCert: fifo\n  tlsClientKey: fifo\n"
                try Self.scenario(extra).write(toFile: folder + "/\(key).yaml", atomically: true, encoding: .utf8)
                try await Self.expectRefused(["run", "\(key).yaml"], "it is a FIFO, not a regular file", directory: folder)
            }
            try Self.scenario("", request: "bodyFile: fifo").write(toFile: folder + "/body.yaml", atomically: true, encoding: .utf8)
            try await Self.expectRefused(["run", "body.yaml"], "it is a FIFO, not a regular file", directory: folder)
            try await Self.expectRefused(["run", "fifo"], "it is a FIFO, not a regular file", directory: folder)
        }

        @Test func hugeBodyAndDataFilesAreRefusedBeforeTheyAreRead() async throws {
            let folder = try Self.folder()
            try Self.make(folder + "/huge.bin", bytes: 5 << 30)
            try Self.scenario("", request: "bodyFile: huge.bin").write(toFile: folder + "/body.yaml", atomically: true, encoding: .utf8)
            try await Self.expectRefused(["run", "body.yaml"], "it is 5368709120 bytes, more than the 2097152 accepted", directory: folder)
            // A CSV whose second line is one 600 MB field (zeros, no newline).
            let csv = folder + "/users.csv"
            try Self.make(csv, bytes: 600 << 20)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: csv))
            try handle.write(contentsOf: Data("name\n".utf8))
            try handle.close()
            try Self.scenario("data:\n  users: {file: users.csv}\n").write(toFile: folder + "/data.yaml", atomically: true, encoding: .utf8)
            try await Self.expectRefused(["run", "data.yaml"], "line 2 is longer than 524288 bytes", directory: folder)
        }
    }
}
