import BarrageTestSupport
import Foundation
import Histogram
import Testing
@testable import BarrageCore

struct HdrIntervalLogTests {
    private static func intervals() -> [Histogram<UInt64>] {
        var first = LatencyHistogram.make()
        first.record(12_345)
        first.record(800, count: 10)
        var second = LatencyHistogram.make()
        second.record(250_000, count: 2)
        return [first, second, LatencyHistogram.make()]
    }

    @Test func writesGoldenLog() throws {
        let histograms = Self.intervals()
        var writer = HdrIntervalLogWriter(startTimeEpochSeconds: 1_700_000_000.25)
        writer.append(startOffsetSeconds: 0, lengthSeconds: 1, histogram: histograms[0])
        writer.append(startOffsetSeconds: 1, lengthSeconds: 1.5, histogram: histograms[1])
        writer.append(startOffsetSeconds: 2.5, lengthSeconds: 0.125, histogram: histograms[2])
        let b64 = histograms.map(HdrV2Codec.encodeBase64)
        // 12 345 µs sits in the 8 µs-wide bucket 12 344...12 351; the line reports its top, as Java does.
        let expected = """
            #[Histogram log format version 1.2]
            #[StartTime: 1700000000.250 (seconds since epoch), 2023-11-14T22:13:20.250Z]
            "StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"
            0.000,1.000,12.351,\(b64[0])
            1.000,1.500,250.111,\(b64[1])
            2.500,0.125,0.000,\(b64[2])

            """
        #expect(writer.text == expected)
        // The histogram field is checked by content, since compressed bytes may vary between zlib builds.
        for (text, histogram) in zip(b64, histograms) {
            #expect(text.hasPrefix("HISTF"))
            #expect(try HdrV2Codec.decode(base64: text) == histogram)
        }
    }

    @Test func headerAndLineAgreeWithWriter() {
        var writer = HdrIntervalLogWriter(startTimeEpochSeconds: 0)
        let histogram = Self.intervals()[0]
        writer.append(startOffsetSeconds: 3, lengthSeconds: 1, histogram: histogram)
        #expect(writer.text == HdrIntervalLogWriter.header(startTimeEpochSeconds: 0)
            + HdrIntervalLogWriter.line(startOffsetSeconds: 3, lengthSeconds: 1, histogram: histogram))
        #expect(writer.text.hasPrefix("#[Histogram log format version 1.2]\n#[StartTime: 0.000 (seconds since epoch), 1970-01-01T00:00:00.000Z]\n"))
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"), (951_782_400.0, "2000-02-29T00:00:00.000Z"),
        (1_709_251_199.999, "2024-02-29T23:59:59.999Z"), (4_102_444_800.0, "2100-01-01T00:00:00.000Z"),
        (-1.0, "1969-12-31T23:59:59.000Z"),
    ])
    func formatsUTCDates(seconds: Double, text: String) {
        #expect(HdrIntervalLogWriter.iso8601UTC(epochSeconds: seconds) == text)
    }

    @Test(arguments: [(0.0, "0.000"), (1.5, "1.500"), (12.3456, "12.346"), (1_700_000_000.25, "1700000000.250"), (.nan, "0.000")])
    func formatsThreeDecimals(value: Double, text: String) {
        #expect(HdrIntervalLogWriter.fixed3(value) == text)
    }

    @Test(.tags(.tool), .enabled(if: RequiredTool.pythonHdrh.runs(PythonHdrh.isAvailable), "python3 cannot import hdrh (pip install hdrhistogram)"))
    func pythonLogReaderReadsOurLog() async throws {
        try RequiredTool.pythonHdrh.require(PythonHdrh.isAvailable)
        let histograms = Self.intervals()
        var writer = HdrIntervalLogWriter(startTimeEpochSeconds: 1_700_000_000)
        for (index, histogram) in histograms.enumerated() {
            writer.append(startOffsetSeconds: Double(index), lengthSeconds: 1, histogram: histogram)
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("barrage-\(UUID().uuidString).hlog")
        try writer.text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import json, sys
            from hdrh.histogram import HdrHistogram
            from hdrh.log import HistogramLogReader
            reader = HistogramLogReader(sys.argv[1], HdrHistogram(1, 3600000000, 3))
            out = []
            while True:
                h = reader.get_next_interval_histogram()
                if h is None:
                    break
                out.append([h.get_start_time_stamp(), h.get_end_time_stamp(), h.get_total_count(), h.get_max_value()])
            print(json.dumps({"start": reader.get_start_time_sec(), "intervals": out}))
            """
        struct Read: Decodable {
            let start: Double
            let intervals: [[Double]]
        }
        let read = try JSONDecoder().decode(Read.self, from: Data(try await PythonHdrh.run(script: script, arguments: [file.path]).utf8))
        #expect(read.start == 1_700_000_000)
        try #require(read.intervals.count == histograms.count)
        for (index, (interval, histogram)) in zip(read.intervals, histograms).enumerated() {
            let startMillis = (1_700_000_000 + Double(index)) * 1000
            #expect(interval == [startMillis, startMillis + 1000, Double(histogram.totalCount), Double(histogram.max)])
        }
    }
}
