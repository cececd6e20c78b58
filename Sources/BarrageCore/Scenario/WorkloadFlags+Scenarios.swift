/// The workload flags against a file of several scenarios: `--vus`, `--duration` and `--stages`
/// describe one executor, so they override a file's only scenario and are refused with several.
extension WorkloadFlags {
    /// Refuses `--vus`, `--duration` and `--stages` when the file has several scenarios.
    func checkSeveralScenarios(_ scenarios: [ScenarioSpec]) throws(WorkloadError) {
        guard scenarios.count > 1 else { return }
        let flag = vus != nil ? "--vus" : durationMicros != nil ? "--duration" : stages != nil ? "--stages" : nil
        guard let flag else { return }
        let names = scenarios.map(\.name).joined(separator: ", ")
        throw .conflict(flag, "the file has \(scenarios.count) scenarios (\(names)); set each one's executor options in the file")
    }

    /// What `prepare.spec.scenarios` carries: every scenario of a file with several; for a file with
    /// one, that one (with `executor`, the flags' override) only when it uses a key the plain spec
    /// cannot say (`exec`, `startTime`, `tags`, `env`); nil otherwise. `--graceful-stop` replaces
    /// every scenario's own.
    func scenarioSpecs(_ scenarios: [ScenarioSpec], executor: ExecutorConfig) -> [ScenarioSpec]? {
        var scenarios = scenarios
        if scenarios.count == 1 {
            let only = scenarios[0]
            guard only.exec != ScenarioSpec.defaultFlow || only.startTimeMicros > 0 || !only.tags.isEmpty || !only.env.isEmpty else {
                return nil
            }
            scenarios[0].executor = executor
        }
        guard !scenarios.isEmpty else { return nil }
        if let gracefulStopMicros {
            for index in scenarios.indices { scenarios[index].gracefulStopMicros = gracefulStopMicros }
        }
        return scenarios
    }
}
