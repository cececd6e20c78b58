import Testing
@testable import BarrageCore
@testable import BarrageResults

struct SeriesFormatTests {
    @Test func csvHeaderAndRow() {
        let agents = ["a", "b,1", "gone"]
        #expect(SeriesFormat.csvHeader(agents: agents) == "time,unix_seconds,interval_seconds,http_reqs,req_per_s,vus,iterations,"
            + "http_req_failed,data_received_bytes,data_sent_bytes,http_req_duration_p50_ms,http_req_duration_p95_ms,"
            + "http_req_duration_p99_ms,http_req_duration_max_ms,http_req_duration_avg_ms,agent_a_req_per_s,agent_a_cpu_percent,"
            + "agent_a_net_rx_bytes_per_s,\"agent_b,1_req_per_s\",\"agent_b,1_cpu_percent\",\"agent_b,1_net_rx_bytes_per_s\","
            + "agent_gone_req_per_s,agent_gone_cpu_percent,agent_gone_net_rx_bytes_per_s")
        #expect(SeriesFormat.csvRow(OutputFixtures.second(), agents: agents)
            == "2024-05-01T12:00:03.000Z,1714564803,1,300,300,30,300,3,1500000,30000,0.5,0.95,0.99,1,0.505,200,41.3,1000000,200,12,500000,,,")
    }

    @Test func jsonLineIsOneObjectWithAgents() {
        let line = SeriesFormat.jsonLine(OutputFixtures.second())
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix(#"{"agents":{"a":{"cpu_percent":41.3,"data_received_bytes_per_s":0,"host_cpu_percent":20,"http_reqs":200,"net_rx_bytes_per_s":1000000,"#))
        #expect(line.contains(#""http_req_duration":{"avg":0.505,"count":100,"max":1,"min":0.01,"p50":0.5,"p90":0.9,"p95":0.95,"p99":0.99}"#))
        #expect(line.hasSuffix(#""req_per_s":300,"time":"2024-05-01T12:00:03.000Z","unix_seconds":1714564803,"vus":30}"#))
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (Int64(1_714_564_803_250_999), "2024-05-01T12:00:03.250Z"),
        (Int64(951_782_400_000_000), "2000-02-29T00:00:00.000Z"),
        (Int64(-1_000), "1969-12-31T23:59:59.999Z"),
    ])
    func isoTimes(micros: Int64, expected: String) {
        #expect(ISO8601Time.format(micros: micros) == expected)
    }
}
