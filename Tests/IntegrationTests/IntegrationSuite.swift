import Testing

/// Every integration test runs real `coord` processes over loopback sockets. They run one at a
/// time: two load tests at once on a small machine would measure each other.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct IntegrationSuite {}
