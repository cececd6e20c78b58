import BarrageTestSupport
import Foundation
import Testing
@testable import BarrageCore
@testable import BarrageResults

/// Whether `python3` can import the protobuf runtime (`pip install protobuf`).
enum PythonProtobuf {
    static let isAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "from google.protobuf import descriptor_pb2, message_factory; message_factory.GetMessageClass"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()
}

struct RemoteWriteSeriesTests {
    static let series = [
        RemoteWriteSeries(name: "k6_http_reqs_total", labels: ["status": "200", "name": "feed", "method": "GET", "empty": ""],
                          samples: [.init(value: 1234, timestampMillis: 1_700_000_000_123)]),
        RemoteWriteSeries(name: "k6_http_req_duration_p99", labels: ["name": "feed ü \"quoted\""],
                          samples: [.init(value: 0.0421, timestampMillis: 1_700_000_000_123), .init(value: -1.5, timestampMillis: -1)]),
        RemoteWriteSeries(name: "k6_vus", samples: [.init(value: 0, timestampMillis: 0)]),
    ]

    @Test func labelsAreSortedWithTheNameFirstAndEmptyValuesDropped() {
        let labels = Self.series[0].labels.map(\.name)
        #expect(labels == ["__name__", "method", "name", "status"])
        #expect(Self.series[0].name == "k6_http_reqs_total")
    }

    /// Hand-checked bytes of the smallest request: one series, one label, one sample.
    @Test func encodesTheWireFormat() {
        let request = RemoteWriteSeries.writeRequest([RemoteWriteSeries(name: "a", samples: [.init(value: 1, timestampMillis: 1)])])
        let label: [UInt8] = [0x0A, 8] + Array("__name__".utf8) + [0x12, 1, 0x61]
        let sample: [UInt8] = [0x09, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x10, 1]
        let series: [UInt8] = [0x0A, UInt8(label.count)] + label + [0x12, UInt8(sample.count)] + sample
        #expect(request == [0x0A, UInt8(series.count)] + series)
    }

    /// Python's protobuf runtime decodes our bytes with the remote write messages built from
    /// their definition (prompb/remote.proto and types.proto).
    @Test(.tags(.tool), .enabled(if: RequiredTool.pythonProtobuf.runs(PythonProtobuf.isAvailable), "python3 cannot import google.protobuf (pip install protobuf)"))
    func pythonProtobufDecodesOurWriteRequest() async throws {
        try RequiredTool.pythonProtobuf.require(PythonProtobuf.isAvailable)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("barrage-rw-\(UUID().uuidString)").path
        try Data(RemoteWriteSeries.writeRequest(Self.series)).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let script = """
            import json, sys
            from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
            F = descriptor_pb2.FieldDescriptorProto
            f = descriptor_pb2.FileDescriptorProto(name="remote.proto", package="prometheus", syntax="proto3")
            def message(name, fields):
                m = f.message_type.add(name=name)
                for number, (field, kind, label, type_name) in enumerate(fields, 1):
                    m.field.add(name=field, number=number, type=kind, label=label, type_name=type_name)
            message("Label", [("name", F.TYPE_STRING, F.LABEL_OPTIONAL, None), ("value", F.TYPE_STRING, F.LABEL_OPTIONAL, None)])
            message("Sample", [("value", F.TYPE_DOUBLE, F.LABEL_OPTIONAL, None), ("timestamp", F.TYPE_INT64, F.LABEL_OPTIONAL, None)])
            message("TimeSeries", [("labels", F.TYPE_MESSAGE, F.LABEL_REPEATED, ".prometheus.Label"),
                                   ("samples", F.TYPE_MESSAGE, F.LABEL_REPEATED, ".prometheus.Sample")])
            message("WriteRequest", [("timeseries", F.TYPE_MESSAGE, F.LABEL_REPEATED, ".prometheus.TimeSeries")])
            pool = descriptor_pool.DescriptorPool()
            pool.Add(f)
            WriteRequest = message_factory.GetMessageClass(pool.FindMessageTypeByName("prometheus.WriteRequest"))
            request = WriteRequest()
            request.ParseFromString(open(sys.argv[1], "rb").read())
            print(json.dumps([{"labels": [[l.name, l.value] for l in s.labels],
                               "samples": [[x.value, x.timestamp] for x in s.samples]} for s in request.timeseries]))
            """
        let output = try await PythonHdrh.run(script: script, arguments: [path])
        struct Decoded: Decodable, Equatable {
            var labels: [[String]]
            var samples: [[Double]]
        }
        let decoded = try JSONDecoder().decode([Decoded].self, from: Data(output.utf8))
        let expected = Self.series.map { series in
            Decoded(labels: series.labels.map { [$0.name, $0.value] }, samples: series.samples.map { [$0.value, Double($0.timestampMillis)] })
        }
        #expect(decoded == expected)
    }
}

struct PrometheusMappingTests {
    /// k6's names, cumulative values, request labels, trend stats in seconds.
    @Test func writesK6sSeriesCumulatively() {
        var mapping = PrometheusMapping(trendStats: [.percentile(99), .avg, .percentile(99.9)])
        var second = SummaryFixtures.singleAgentMetrics()
        second.series[SeriesKey(name: "feed", method: "GET", status: 200)] = MetricsSnapshot(
            counters: second.counters, trends: [.httpReqDuration: second.histogram(.httpReqDuration)])
        second.checks = ["status is 200": CheckTally(passes: 990, fails: 10)]
        _ = mapping.record(second, activeVUs: 10, vusMax: 12, timestampMillis: 1000)
        let out = mapping.record(second, activeVUs: 8, vusMax: nil, timestampMillis: 2000)
        func value(_ name: String) -> Double? { out.first { $0.name == name }?.samples.first?.value }
        #expect(Set(out.map(\.name)).isSuperset(of: [
            "k6_http_reqs_total", "k6_http_req_failed_rate", "k6_http_req_duration_p99", "k6_http_req_duration_avg",
            "k6_http_req_duration_p999", "k6_iterations_total", "k6_data_received_total", "k6_data_sent_total",
            "k6_vus", "k6_vus_max", "k6_checks_rate", "k6_iteration_duration_p99",
        ]))
        #expect(value("k6_http_reqs_total") == 2000)
        #expect(value("k6_iterations_total") == 2000)
        #expect(value("k6_vus") == 8 && value("k6_vus_max") == 8)
        #expect(value("k6_checks_rate") == 0.99)
        #expect(value("k6_http_req_duration_p99") == 0.001983)
        #expect(value("k6_iteration_duration_p99") == 2)
        let requests = out.first { $0.name == "k6_http_reqs_total" }
        #expect(requests?.labels.map { "\($0.name)=\($0.value)" } == ["__name__=k6_http_reqs_total", "method=GET", "name=feed", "status=200"])
        #expect(out.allSatisfy { $0.samples == [.init(value: $0.samples[0].value, timestampMillis: 2000)] })
        #expect(out.first { $0.name == "k6_checks_rate" }?.labels.contains { $0.name == "check" && $0.value == "status is 200" } == true)
    }
}
