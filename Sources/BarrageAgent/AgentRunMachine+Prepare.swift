import BarrageCore
import BarrageEngine

/// `prepare` and `data_chunk`: the checks a run passes before it holds the run slot, its data
/// sets arriving in chunks, and the engine being built (answered by `ready` or an error).
extension AgentRunMachine {
    mutating func prepare(_ prepare: Message.Prepare) {
        do { try prepare.validate() } catch {
            return refuse(.badSpec, error.description)
        }
        var spec: RunSpec
        // `${setup.NAME}` becomes text now: the engine compiles what the load sends, static or not.
        do { spec = try prepare.spec.substitutingSetupValues() } catch {
            return refuse(.badSpec, error.description)
        }
        // `${agent}` is this agent's place in the coordinator's list.
        var session = spec.session ?? SessionSpec()
        session.agentIndex = prepare.agentIndex
        spec.session = session
        // Every request's host must be allowed, not just the main URL's, decided by curl's parser
        // (templates never touch scheme, host or port; the rest is checked again per connection).
        for url in [spec.url] + (spec.requests ?? []).map(\.url) {
            let target: (host: String, port: Int)
            do { target = try CurlURL.hostAndPort(of: Template.withPlaceholders(url)) } catch {
                return refuse(.badSpec, error.description)
            }
            guard configuration.allowList.allows(host: target.host, port: target.port) else {
                let allowed = configuration.allowList.entries.map(\.description).joined(separator: ", ")
                return refuse(.targetNotAllowed, "target '\(target.host):\(target.port)' is not allowed on this agent (allowed: \(allowed))")
            }
        }
        let vus = spec.executorPlan.maxVUs
        guard vus <= configuration.maxVUs else {
            return refuse(.tooManyVUs, "\(vus) VUs asked, this agent's --max-vus is \(configuration.maxVUs)")
        }
        self.spec = spec
        phase = .acquiringSlot(runId: prepare.runId)
        emit(.acquireSlot(runId: prepare.runId))
    }

    mutating func slotAnswered(acquired: Bool, holder: String?, now: Now) {
        guard case .acquiringSlot(let runId) = phase, let spec else { return }
        guard acquired else {
            self.spec = nil
            phase = .idle
            return send(.error(.init(kind: .busy, message: "this agent is running another test (\(holder ?? "?"))", fault: .client)))
        }
        let sets = spec.session?.data ?? []
        guard sets.contains(where: { $0.rows > 0 }) else {
            return build(runId: runId, data: sets.map { DataTable(columns: $0.columns) })
        }
        let declared = sets.reduce(0) { $0.addingSaturating(($1.bytes ?? 0).addingSaturating(4.multipliedSaturating($1.rows))) }
        guard declared <= configuration.maxDataBytes else {
            dropPreparedRun()
            phase = .idle
            return refuse(.badSpec, "the data sets need \(declared) bytes, this agent accepts \(configuration.maxDataBytes)")
        }
        // Reserved once, within the limit just checked: the tables never grow by doubling.
        receivedData = sets.map { set in
            var table = DataTable(columns: set.columns)
            table.reserve(rows: set.rows, bytes: set.bytes ?? 0)
            return table
        }
        phase = .receivingData(runId: runId)
        lastHeard = now.monotonic
        log(.info, "run \(runId): waiting for \(sets.map(\.rows).reduce(0, +)) data rows")
    }

    /// Adds a chunk to the data sets; once every set has its rows, builds the engine.
    mutating func absorb(_ chunk: Message.DataChunk, now: Now) {
        guard case .receivingData(let runId) = phase, let spec else { return }
        if let problem = Self.absorb(chunk, into: &receivedData, spec: spec, limit: configuration.maxDataBytes) {
            dropPreparedRun()
            phase = .idle
            return fail(.badSpec, "data_chunk: \(problem)")
        }
        if zip(receivedData, spec.session?.data ?? []).allSatisfy({ $0.rowCount == $1.rows }) {
            let data = receivedData
            receivedData = []
            build(runId: runId, data: data)
        }
    }

    private mutating func build(runId: String, data: [DataTable]) {
        guard let spec else { return }
        phase = .building(runId: runId)
        emit(once == nil ? .buildEngine(runId: runId, spec: spec, data: data) : .buildOnceEngine(runId: runId, spec: spec))
    }

    mutating func engineBuilt(error: String?, now: Now) {
        guard case .building(let runId) = phase, let spec else { return }
        if let error {
            dropPreparedRun()
            phase = .idle
            return refuse(.badSpec, error)
        }
        self.spec = nil
        if let once { return startOnce(once, runId: runId, spec: spec, now: now) }
        phase = .prepared(runId: runId)
        lastHeard = now.monotonic
        log(.info, "run \(runId): prepared \(spec.executorPlan.maxVUs) VUs (\(spec.executorPlan.config.name)) against \(spec.url)")
        send(.ready(.init(runId: runId)))
    }

    /// Appends a chunk's rows to its set; the problem, if the chunk does not fit what `prepare`
    /// declared (set, order, row count, columns) or the agent's data limit.
    static func absorb(_ chunk: Message.DataChunk, into data: inout [DataTable], spec: RunSpec, limit: Int) -> String? {
        let sets = spec.session?.data ?? []
        guard let index = sets.firstIndex(where: { $0.name == chunk.set }), index < data.count else {
            return "unknown data set '\(chunk.set)'"
        }
        guard chunk.firstRow == data[index].rowCount else {
            return "set '\(chunk.set)': expected first_row \(data[index].rowCount), got \(chunk.firstRow)"
        }
        guard chunk.rows.count <= sets[index].rows - data[index].rowCount else {
            return "set '\(chunk.set)': more rows than the \(sets[index].rows) declared"
        }
        let total = data.reduce(0) { $0 + $1.byteCount }
        let adding = chunk.rows.reduce(0) { sum, row in row.reduce(sum + 4) { $0 + $1.utf8.count + 1 } }
        guard total + adding <= limit else { return "the data sets exceed this agent's limit of \(limit) bytes" }
        for row in chunk.rows {
            do {
                try data[index].append(row)
            } catch {
                return "set '\(chunk.set)': \(error.description)"
            }
        }
        return nil
    }
}
