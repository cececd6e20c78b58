import Foundation
import Testing

extension IntegrationSuite {
    /// Results files are untrusted (issue #21 item 8): the real `coord report`, `coord compare`
    /// and `coord run --baseline` on crafted journals and exports exit 2 with one line, never
    /// crash, and read a huge line or many series in bounded memory and time.
    @Suite struct HostileJournalTests {
        /// A real run's results folder (2 s), without its summary.json so that compare and
        /// --baseline replay the journal; returns the folder and the journal's lines.
        static func realFolder() async throws -> (folder: String, lines: [String]) {
            let (target, baseURL) = try await Fixtures.startTarget()
            let parent = Fixtures.temporaryPath("results")
            let run = try await ChildProcess.run(["run", "--url", baseURL + "/api/posts/", "--vus", "2", "--duration", "2s", "--quiet", "--results", parent])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            _ = target
            let folder = try ResultsTests.folder(in: parent)
            try FileManager.default.removeItem(atPath: folder + "/summary.json")
            let text = try String(contentsOfFile: folder + "/journal.jsonl", encoding: .utf8)
            return (folder, text.split(separator: "\n").map(String.init))
        }

        static func write(_ lines: [String], to folder: String) throws {
            try (lines.joined(separator: "\n") + "\n").write(toFile: folder + "/journal.jsonl", atomically: true, encoding: .utf8)
        }

        /// Each command that reads a journal, on `folder`.
        static func readers(_ folder: String) -> [[String]] {
            [["report", folder], ["compare", folder, folder], ["run", "--url", "http://127.0.0.1:1/", "--duration", "1s", "--baseline", folder]]
        }

        static func expectOneLineExitTwo(_ arguments: [String], containing detail: String) async throws {
            let start = Date()
            let result = try await ChildProcess.run(arguments, timeout: 30)
            #expect(result.status == 2, "\(arguments[0]): status \(result.status), stderr: \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(detail), "\(arguments[0]): \(result.stderr)")
            #expect(Date().timeIntervalSince(start) < 10)
        }

        /// `start_micros: Int64.min` ended all three with SIGILL (abs(Int64.min)); a negative
        /// elapsed time and an end record's Int64.min are refused the same way.
        @Test func hostileNumbersExitTwoWithOneLine() async throws {
            let (folder, lines) = try await Self.realFolder()
            let end = try #require(lines.last)
            var crafted: [([String], String)] = []
            for (key, value, detail) in [
                ("start_micros", "-9223372036854775808", "implausible start_micros"),
                ("start_micros", "9223372036854775807", "implausible start_micros"),
            ] {
                var copy = lines
                copy[0] = copy[0].replacingOccurrences(of: "\"\(key)\":[0-9]+", with: "\"\(key)\":\(value)", options: .regularExpression)
                crafted.append((copy, detail))
            }
            for (value, detail) in [("-1", "is negative"), ("-9223372036854775808", "is negative")] {
                var copy = lines
                copy[copy.count - 1] = end.replacingOccurrences(of: "\"elapsed_micros\":[0-9]+", with: "\"elapsed_micros\":\(value)", options: .regularExpression)
                crafted.append((copy, detail))
            }
            for (journal, detail) in crafted {
                #expect(journal != lines)
                try Self.write(journal, to: folder)
                for arguments in Self.readers(folder) {
                    try await Self.expectOneLineExitTwo(arguments, containing: detail)
                }
            }
        }

        /// A 512 MB line used to take 2 GB: the line is refused at 32 MiB, in bounded memory and time.
        @Test func aHugeLineIsRefusedInBoundedMemory() async throws {
            let (folder, lines) = try await Self.realFolder()
            let path = folder + "/journal.jsonl"
            try (lines[0] + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seekToEnd()
            let chunk = Data(repeating: UInt8(ascii: "a"), count: 1 << 20)
            for _ in 0..<512 { try handle.write(contentsOf: chunk) }
            try handle.close()
            defer { try? FileManager.default.removeItem(atPath: path) }
            for arguments in Self.readers(folder) {
                let start = Date()
                let child = try ChildProcess(arguments)
                let (status, usage) = try await child.waitForExitMeasuring(timeout: 60, killAboveRSSKiB: 400_000)
                print("\(arguments[0]) on a 512 MiB line: \(usage.peakRSSKiB / 1024) MiB peak, \(usage.cpuSeconds) s CPU, \(Date().timeIntervalSince(start)) s")
                #expect(status == 2, "\(arguments[0]): \(child.stderr)")
                #expect(child.stderr.contains("journal.jsonl:2: the line is longer than"), "\(child.stderr)")
                #expect(usage.peakRSSKiB < 150_000, "\(arguments[0]): peak RSS \(usage.peakRSSKiB) KiB")
                #expect(Date().timeIntervalSince(start) < 20)
            }
        }

        /// 20,000 distinct series (20 seconds of 1000 each) used to take 3.7 GB: 256 are kept, the
        /// rest counted in the totals, and the summary says so.
        @Test func twentyThousandSeriesAreCapped() async throws {
            let (folder, lines) = try await Self.realFolder()
            let firstSecond = try #require(lines.first { $0.hasPrefix("{\"active_vus\"") || $0.contains("\"type\":\"second\"") })
            var second = try #require(try JSONSerialization.jsonObject(with: Data(firstSecond.utf8)) as? [String: Any])
            var shares = try #require(second["agents"] as? [[String: Any]])
            let template = try #require((shares[0]["series"] as? [[String: Any]])?.first)
            var journal = [lines[0]]
            for seq in 0..<20 {
                shares[0]["series"] = (0..<1000).map { index in
                    var entry = template
                    entry["name"] = "s\(seq)-\(index)"
                    return entry
                }
                second["agents"] = shares
                second["seq"] = seq
                journal.append(String(decoding: try JSONSerialization.data(withJSONObject: second), as: UTF8.self))
            }
            try Self.write(journal, to: folder)
            let bytes = try FileManager.default.attributesOfItem(atPath: folder + "/journal.jsonl")[.size] as? Int ?? 0
            let start = Date()
            let child = try ChildProcess(["report", folder])
            let (status, usage) = try await child.waitForExitMeasuring(timeout: 120, killAboveRSSKiB: 800_000)
            print("coord report on \(bytes / 1024) KiB with 20,000 series: \(usage.peakRSSKiB / 1024) MiB peak, \(usage.cpuSeconds) s CPU, \(Date().timeIntervalSince(start)) s")
            #expect(status == 0, "\(child.stderr)")
            #expect(child.stdout.contains("more than 256 distinct name/method/status series"), "\(child.stdout)")
            #expect(usage.peakRSSKiB < 300_000, "peak RSS \(usage.peakRSSKiB) KiB")
            #expect(Date().timeIntervalSince(start) < 60)
        }

        /// A 50 MB metric name in a summary export took `coord compare` minutes: refused at once.
        @Test func aHugeMetricNameIsRefused() async throws {
            let path = Fixtures.temporaryPath("export.json")
            let name = String(repeating: "m", count: 50_000_000)
            try "{\"metrics\":{\"\(name)\":{\"count\":1}}}".write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            try await Self.expectOneLineExitTwo(["compare", path, path], containing: "has a name of 50000000 bytes")
        }

        /// A summary export past 64 MiB (sparse: nothing to read) is refused by its size before a
        /// byte is read, and a journal that is a FIFO is refused instead of blocking every reader.
        @Test func aHugeExportAndAFIFOJournalAreRefusedAtOnce() async throws {
            let path = Fixtures.temporaryPath("huge-export.json")
            let maxFileBytes = 64 << 20  // RunFigures.maxFileBytes
            guard FileManager.default.createFile(atPath: path, contents: nil), truncate(path, off_t(maxFileBytes + 1)) == 0 else {
                throw TestFailure("cannot make \(path)")
            }
            defer { try? FileManager.default.removeItem(atPath: path) }
            try await Self.expectOneLineExitTwo(["compare", path, path], containing: "more than the \(maxFileBytes) accepted")
            let (folder, _) = try await Self.realFolder()
            try FileManager.default.removeItem(atPath: folder + "/journal.jsonl")
            guard mkfifo(folder + "/journal.jsonl", 0o600) == 0 else { throw TestFailure("mkfifo failed") }
            for arguments in Self.readers(folder) {
                try await Self.expectOneLineExitTwo(arguments, containing: "it is a FIFO, not a regular file")
            }
        }
    }
}
