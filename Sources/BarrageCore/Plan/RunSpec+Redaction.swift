extension RunSpec {
    /// The spec as it is shown and stored (journal, report, dashboard): every URL and request name
    /// without its user information (``URLRedaction``). The agents get the spec as written.
    public var redactingCredentials: RunSpec {
        var shown = self
        shown.url = URLRedaction.redact(url)
        shown.requests = requests?.map { request in
            var request = request
            request.url = URLRedaction.redact(request.url)
            request.name = URLRedaction.redact(request.name)
            return request
        }
        return shown
    }
}
