import BarrageCore

/// What every VU of one loop runs, built once per run on the loop's thread: one flow compiled
/// (``FlowProgram``, which ``VUMachine`` runs), its requests compiled (static parts for curl,
/// templates, extractions), the variable slots, the cookie mode and the numbering of VUs and
/// iterations in the whole test.
///
/// Owned by its ``EventLoop`` (not `Sendable`): the header lists and bodies it holds are read by
/// curl without copying, so they live exactly as long as the loop.
final class VUProgram {
    /// The flow's steps as the VU machine runs them.
    let flow: FlowProgram
    /// ``flow``'s requests, compiled (indexed as ``FlowProgram/requests``).
    let requests: [CompiledRequest]
    /// The flow's checks in the one order the loop's counters use.
    let checks: CheckList
    /// Whether any request needs its response body kept (a check or an extraction).
    let capturesBodies: Bool
    let session: SessionSpec
    /// Redirect hops followed per request (`http.maxRedirects`; 0 does not follow).
    let maxRedirects: Int
    /// `http.discardResponseBodies`: bodies nothing reads are neither decoded nor kept.
    let discardsBodies: Bool
    /// How many values extractions can hold per VU (one slot per extracted name).
    let variableSlots: Int
    /// The slots cleared when an iteration starts (values not kept with `scope: vu`).
    let iterationSlots: [Int]
    let numbering: VUNumbering
    private let slotNames: [String: Int]
    /// The data sets, with this loop's block of rows.
    let data: [LoopData]
    private var dataIndex: [String: Int] = [:]

    /// - Parameters:
    ///   - flow: the flow the VUs run (a scenario's `exec:`).
    ///   - data: the rows of each of `spec.session.data`'s sets (this agent's slices).
    init(spec: RunSpec, flow name: String = RunSpec.defaultFlow, schedule: LoopSchedule, data: [DataTable]) throws(EngineError) {
        let session = spec.session ?? SessionSpec()
        self.session = session
        maxRedirects = session.http.maxRedirects
        discardsBodies = session.http.discardResponseBodies
        // RunSpec.validate() refuses these in a `prepare`; an engine built without it must too.
        guard session.http.version.isKnown, (0...HTTPOptions.maximumRedirects).contains(session.http.maxRedirects) else {
            throw .badSession("http: version '\(session.http.version.rawValue)' or maxRedirects \(session.http.maxRedirects) out of range")
        }
        guard data.count == session.data.count else {
            throw .badSession("\(session.data.count) data sets declared, \(data.count) received")
        }
        let loopVUParts = schedule.loop.partsOfSequence(schedule.plan.maxVUs)
        self.data = zip(session.data, data).map { set, table in
            LoopData(
                spec: set, table: table,
                block: DataSlicing.loopRange(mode: set.mode, rowCount: table.rowCount, vuParts: loopVUParts, index: schedule.loop.index))
        }
        var columns: [String: [String]] = [:]
        for (index, set) in session.data.enumerated() {
            columns[set.name] = set.columns
            dataIndex[set.name] = index
        }
        let flow: FlowProgram
        do {
            flow = try spec.program(flow: name)
        } catch {
            throw .badSession(error.description)
        }
        self.flow = flow
        // One slot per name any flow extracts: a VU-scoped value outlives the flow that set it.
        var slots: [String: Int] = [:]
        for extracted in FlowCompiler.extractedNames(spec.allFlows).all.sorted() { slots[extracted] = slots.count }
        let names = TemplateNames(dataColumns: columns, extracted: Set(slots.keys))
        let timeoutMicros = spec.timeoutMicros
        requests = try flow.requests.map { request throws(EngineError) in
            try CompiledRequest(
                request.spec, group: request.group, names: names, slots: slots, defaultTimeoutMicros: timeoutMicros,
                defaultExpectedStatuses: spec.expectedStatuses)
        }
        checks = flow.checks
        variableSlots = slots.count
        iterationSlots = slots.filter { !flow.vuScopedNames.contains($0.key) }.map(\.value).sorted()
        slotNames = slots
        capturesBodies = requests.contains { $0.needsBody }
        numbering = VUNumbering(plan: schedule.plan, loop: schedule.loop)
    }

    deinit {
        for request in requests { request.prepared.free() }
    }

    /// The text of `set.column` in the row VU `rows` holds.
    func field(set: String, column: String, rows: ContiguousArray<Int>) -> String {
        guard let index = dataIndex[set], index < rows.count, let column = data[index].columnIndex[column] else { return "" }
        return data[index].table.field(row: rows[index], column: column)
    }

    /// The variable slot of an extracted name.
    func slot(of name: String) -> Int? { slotNames[name] }

    /// A VU's extracted values by name (the one-shot setup hands them on); names without one are left out.
    func values(of extracted: ContiguousArray<String?>) -> [String: String] {
        var values: [String: String] = [:]
        for (name, slot) in slotNames where extracted.indices.contains(slot) {
            if let value = extracted[slot] { values[name] = value }
        }
        return values
    }
}
