import BarrageCore
import CCurl

/// Rendering a VU's templated requests: each variable's value for this VU and iteration, and
/// the checks that keep a rendered URL or header a single line.
extension EventLoop {
    /// The text of `variable` for VU `index` now.
    func value(of variable: TemplateVariable, vu index: Int) -> String {
        switch variable {
        case .vu: return String(program.numbering.vu(index))
        case .iteration: return String(vus[index].iterationInTest)
        case .vuIteration: return String(vus[index].iterationsDone)
        case .agent: return String(program.session.agentIndex)
        case .uuid: return RandomText.uuid(&random)
        case .timestampMs: return String(MonotonicClock.wallMicros() / 1000)
        case .randomInt(let low, let high): return String(RandomText.integer(low, high, &random))
        case .extracted(let name):
            return program.slot(of: name).flatMap { vus[index].extracted[$0] } ?? ""
        case .data(let set, let column):
            return program.field(set: set, column: column, rows: vus[index].rows)
        }
    }

    func render(_ template: Template, vu index: Int) -> String {
        template.render { value(of: $0, vu: index) }
    }

    /// Renders and sets the templated parts of `request` on VU `index`'s handle.
    /// - Returns: false when a value would put CR, LF or NUL into the URL or a header (the
    ///   request is then not sent), or curl refuses an option.
    func applyTemplates(_ request: CompiledRequest, vu index: Int) -> Bool {
        let easy = vus[index].easy
        do {
            if let url = request.url {
                let text = render(url, vu: index)
                guard Self.isSingleLine(text) else { return false }
                try easy.setURL(text)
            }
            if let headers = request.headers {
                var list: UnsafeMutablePointer<curl_slist>?
                for header in headers {
                    let value = render(header.value, vu: index)
                    guard Self.isSingleLine(value) else {
                        if let list { curl_slist_free_all(list) }
                        return false
                    }
                    list = curl_slist_append(list, header.name + ": " + value)
                }
                if request.prepared.addsEmptyExpect { list = curl_slist_append(list, "Expect:") }
                try easy.setHeaders(list)
                if let previous = vus[index].renderedHeaders { curl_slist_free_all(previous) }
                vus[index].renderedHeaders = list
            }
            if let body = request.body {
                try easy.setCopiedBody(render(body, vu: index))
            }
        } catch {
            return false
        }
        return true
    }

    /// No CR, LF or NUL: what a URL or a header value must be to go on the wire as one line.
    static func isSingleLine(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
    }
}
