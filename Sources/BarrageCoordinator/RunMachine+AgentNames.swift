/// The run's agents take their own names once every hello is in (``AgentEndpoint/adoptingOwnNames(_:own:)``),
/// before the plan lines, the journal and the summary name them.
extension RunMachine {
    mutating func adoptAgentNames() {
        let renamed = AgentEndpoint.adoptingOwnNames(agents.map(\.endpoint), own: agents.map { $0.hello?.agentName })
        for index in agents.indices { agents[index].endpoint = renamed[index] }
    }
}
