/// Whether a setup or teardown passed, read from what its agent measured (`once_done`): the
/// coordinator judges, step by step in flow order, rather than trusting an agent's word. The
/// first failed request, check or extraction is the one line the operator sees.
public enum OnceVerdict {
    /// Why `done` failed, naming the step; nil when every request passed, every check held,
    /// every name of `expected` was extracted and the iteration finished.
    /// - Parameters:
    ///   - spec: the ``RunSpec/onceSpec(_:)`` that ran (its requests in flow order).
    ///   - expected: the names the steps extract (``RunSpec/extractedNames(in:)``).
    public static func problem(of done: Message.OnceDone, spec: RunSpec, expected: Set<String>) -> String? {
        let sample = done.sample
        let checks = sample.checks ?? [:]
        for request in spec.iterationRequests {
            let step = "step '\(PeerText.escape(request.name, limit: 120))'"
            for series in sample.series ?? [] where series.name == request.name && series.counters.httpReqFailed > 0 {
                guard series.status > 0 else {
                    let kind = series.counters.errors.keys.map(\.rawValue).sorted().first ?? "no response"
                    return "\(step) (\(request.method) \(PeerText.escape(request.url, limit: 200))) got no response (\(kind))"
                }
                return "\(step) (\(request.method) \(PeerText.escape(request.url, limit: 200))) got status \(series.status), which counts as failed"
            }
            for name in request.checkNames where (checks[name]?.fails ?? 0) > 0 {
                return "\(step): check '\(PeerText.escape(name, limit: 200))' failed"
            }
        }
        if sample.counters.httpReqFailed > 0 {
            return "a request could not be sent (\(sample.counters.errors.keys.map(\.rawValue).sorted().joined(separator: ", ")))"
        }
        if let failed = checks.filter({ $0.value.fails > 0 }).keys.sorted().first {
            return "check '\(PeerText.escape(failed, limit: 200))' failed"
        }
        if sample.counters.iterations == 0 {
            return "its steps did not finish (stopped or interrupted)"
        }
        if let missing = expected.subtracting(done.values.keys).sorted().first {
            return "'\(PeerText.escape(missing, limit: 80))' was not extracted"
        }
        return nil
    }
}
