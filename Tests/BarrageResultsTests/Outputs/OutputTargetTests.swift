import Testing
@testable import BarrageCore
@testable import BarrageResults

struct OutputTargetTests {
    @Test func parsesEachKind() throws {
        #expect(try OutputTarget.parse("csv=run.csv") == .csv(path: "run.csv"))
        #expect(try OutputTarget.parse("json=a=b.jsonl") == .json(path: "a=b.jsonl"))
        guard case .influxDB(let endpoint) = try OutputTarget.parse("influxdb=http://127.0.0.1:8086/barrage") else {
            Issue.record("not influxdb")
            return
        }
        #expect(endpoint.host == "127.0.0.1" && endpoint.port == 8086 && endpoint.database == "barrage")
        #expect(endpoint.writePath == "/write?db=barrage&precision=ns")
        let v6 = try InfluxEndpoint(parsing: "http://[::1]/k6/")
        #expect(v6.description == "http://[::1]:8086/k6")
        #expect(try InfluxEndpoint(parsing: "http://influx.example:9999/db").host == "influx.example")
    }

    @Test(arguments: [
        ("csv", "--out must be KIND=VALUE (csv=FILE, json=FILE, influxdb=http://HOST:PORT/DB or prometheus-rw=http://HOST:PORT/api/v1/write), but is 'csv'"),
        ("xml=a", "--out kind must be csv, json, influxdb or prometheus-rw, but is 'xml'"),
        ("json=", "--out json= needs a file name, e.g. json=run.json"),
        ("influxdb=https://h/db", "--out influxdb must be http://HOST[:PORT]/DB, but is 'https://h/db': https is not supported"),
        ("influxdb=http://h:8086", "--out influxdb must be http://HOST[:PORT]/DB, but is 'http://h:8086': the database is missing"),
        ("influxdb=http://h:0/db", "--out influxdb must be http://HOST[:PORT]/DB, but is 'http://h:0/db': the port must be 1 to 65535"),
        ("influxdb=http://:1/db", "--out influxdb must be http://HOST[:PORT]/DB, but is 'http://:1/db': the host is missing"),
        ("influxdb=http://h/a b", "--out influxdb must be http://HOST[:PORT]/DB, but is 'http://h/a b': the database must be one name of letters, digits, _ or -"),
    ])
    func rejectsBadValuesInOneLine(text: String, message: String) {
        #expect(throws: OutputTargetError.self) { try OutputTarget.parse(text) }
        do {
            _ = try OutputTarget.parse(text)
        } catch {
            #expect(error.description == message)
        }
    }
}

struct RemoteWriteEndpointTests {
    @Test(arguments: [
        ("prometheus-rw=http://127.0.0.1:9090/api/v1/write", "127.0.0.1", 9090, "/api/v1/write"),
        ("prometheus-rw=http://prom", "prom", 9090, "/api/v1/write"),
        ("prometheus-rw=http://[::1]:19090/receive", "::1", 19090, "/receive"),
    ])
    func parses(text: String, host: String, port: Int, path: String) throws {
        guard case .prometheusRW(let endpoint) = try OutputTarget.parse(text) else {
            Issue.record("not prometheus-rw")
            return
        }
        #expect(endpoint.host == host && endpoint.port == port && endpoint.path == path)
    }

    @Test(arguments: ["prometheus-rw=https://x/api/v1/write", "prometheus-rw=http://:9090/", "prometheus-rw=http://h:0/"])
    func refuses(text: String) {
        #expect(throws: OutputTargetError.self) { _ = try OutputTarget.parse(text) }
    }
}
