import BarrageCore

/// One time series of a Prometheus remote write request: its labels (with `__name__`) and samples.
///
/// The messages of `prometheus/prompb/remote.proto` and `types.proto` (remote write 1.0) that a
/// sender fills in:
/// ```
/// message WriteRequest { repeated TimeSeries timeseries = 1; }
/// message TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
/// message Label        { string name = 1; string value = 2; }
/// message Sample       { double value = 1; int64 timestamp = 2; }   // timestamp: ms since the epoch
/// ```
public struct RemoteWriteSeries: Sendable, Equatable {
    public struct Sample: Sendable, Equatable {
        public var value: Double
        public var timestampMillis: Int64

        public init(value: Double, timestampMillis: Int64) {
            self.value = value
            self.timestampMillis = timestampMillis
        }
    }

    /// Sorted by name, as the remote write spec requires; `__name__` sorts first.
    public private(set) var labels: [(name: String, value: String)]
    public var samples: [Sample]

    /// - Parameters:
    ///   - name: the metric name (`__name__`).
    ///   - labels: the other labels; empty values are left out (Prometheus drops them too).
    public init(name: String, labels: [String: String] = [:], samples: [Sample]) {
        self.labels = ([("__name__", name)] + labels.filter { !$0.value.isEmpty }.map { ($0.key, $0.value) }).sorted { $0.0 < $1.0 }
        self.samples = samples
    }

    public var name: String { labels.first { $0.name == "__name__" }?.value ?? "" }

    public static func == (a: RemoteWriteSeries, b: RemoteWriteSeries) -> Bool {
        a.labels.elementsEqual(b.labels) { $0 == $1 } && a.samples == b.samples
    }

    /// The `TimeSeries` message.
    func encoded() -> [UInt8] {
        var writer = ProtobufWriter()
        for label in labels {
            var field = ProtobufWriter()
            field.string(1, label.name)
            field.string(2, label.value)
            writer.bytes(1, field.bytes)
        }
        for sample in samples {
            var field = ProtobufWriter()
            field.double(1, sample.value)
            field.int64(2, sample.timestampMillis)
            writer.bytes(2, field.bytes)
        }
        return writer.bytes
    }

    /// A `WriteRequest` with `series`, uncompressed (the sender snappy-compresses it).
    public static func writeRequest(_ series: [RemoteWriteSeries]) -> [UInt8] {
        var writer = ProtobufWriter()
        for entry in series { writer.bytes(1, entry.encoded()) }
        return writer.bytes
    }
}
