import BarrageTarget
import Testing

struct ListenAddressTests {
    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1", 8080),
        ("0.0.0.0:0", "0.0.0.0", 0),
        ("localhost:65535", "localhost", 65_535),
        ("[::1]:9000", "::1", 9000),
    ])
    func parsesHostAndPort(text: String, host: String, port: Int) throws {
        let address = try ListenAddress(parsing: text)
        #expect(address == ListenAddress(host: host, port: port))
        #expect(address.description == text)
    }

    @Test(arguments: [
        ("8080", ListenAddressError.malformed("8080")),
        (":8080", .malformed(":8080")),
        ("::1:8080", .malformed("::1:8080")),
        ("[::1]8080", .malformed("[::1]8080")),
        ("[::1", .malformed("[::1")),
        ("my host:80", .malformed("my host:80")),
        ("127.0.0.1:", .invalidPort("127.0.0.1:")),
        ("127.0.0.1:65536", .invalidPort("127.0.0.1:65536")),
        ("127.0.0.1:-1", .invalidPort("127.0.0.1:-1")),
        ("127.0.0.1:+80", .invalidPort("127.0.0.1:+80")),
        ("127.0.0.1:http", .invalidPort("127.0.0.1:http")),
    ])
    func rejectsWithTheValueInOneLine(text: String, expected: ListenAddressError) {
        #expect(throws: expected) { try ListenAddress(parsing: text) }
        #expect(expected.description.contains("'\(text)'"))
        #expect(!expected.description.contains("\n"))
    }
}
