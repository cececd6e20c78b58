import BarrageCore

/// `setup:` and `teardown:`: step lists in the flow language, each run once in the whole test
/// (RunMachine+Setup.swift). What setup extracts is `${setup.NAME}` (and `setup.NAME` in
/// expressions) everywhere else; a name it does not extract is a load error.
extension ScenarioFile {
    /// The names `setup:` extracts (from the YAML, before any step is parsed: every flow's
    /// templates are checked against them).
    static func setupNames(_ node: ScenarioNode?) -> Set<String> {
        node.map { extractedNames($0.node) } ?? []
    }

    /// The steps of `setup:` or `teardown:`, parsed as a flow's; nil without the key.
    ///
    /// Data columns are not names here (one VU, before or after the load, takes no row); setup
    /// cannot use `${setup.NAME}`, teardown can; both may call the file's flows.
    static func onceSteps(
        _ node: ScenarioNode?, stage: RunSpec.OnceStage, flows: [String: [Step]], context base: FlowContext
    ) throws(ScenarioFileError) -> [Step]? {
        guard let node else { return nil }
        var context = base
        context.scope.names = TemplateNames(extracted: extractedNames(node.node))
        if stage == .setup { context.scope.setupNames = [] }
        context.flowNames = Set(flows.keys)
        let steps = try steps(node, flow: stage.rawValue, context: context)
        guard !steps.isEmpty else {
            throw node.error("expected at least one step, e.g. [{name: login, method: POST, path: /login}]")
        }
        var all = flows
        all[stage.rawValue] = steps
        // Called flows' expressions name what those flows extract.
        let names = TemplateNames(extracted: context.scope.names.extracted.union(FlowCompiler.extractedNames(flows).all))
        do {
            _ = try FlowCompiler.compile(stage.rawValue, flows: all, names: names, setupNames: context.scope.setupNames)
        } catch {
            throw node.error(error.description)
        }
        return steps
    }
}
