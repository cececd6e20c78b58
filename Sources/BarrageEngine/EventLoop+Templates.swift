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
        case .urlEncoded(let inner):
            return PercentEncoding.component(value(of: inner, vu: index))
        }
    }

    func render(_ template: Template, vu index: Int) -> String {
        template.render { value(of: $0, vu: index) }
    }

    /// Renders `template` into `buffer` (emptied first, then `prefix`), segment by segment.
    func render(_ template: Template, vu index: Int, into buffer: RenderBuffer, prefix: String? = nil) {
        buffer.reset()
        if let prefix { buffer.append(prefix) }
        for segment in template.segments {
            switch segment {
            case .text(let text): buffer.append(text)
            case .variable(let variable): buffer.append(value(of: variable, vu: index))
            }
        }
    }

    /// Renders and sets the templated parts of `request` on VU `index`'s handle, into the VU's
    /// own buffers (no allocation once they are large enough).
    /// - Returns: false when a value would put CR, LF or NUL into the URL or a header (the
    ///   request is then not sent), or curl refuses an option.
    func applyTemplates(_ request: CompiledRequest, vu index: Int) -> Bool {
        guard let state = vus[index].render else { return false }
        let easy = vus[index].easy
        do {
            if let url = request.url {
                render(url, vu: index, into: state.url)
                guard !state.url.hasLineBreak else { return false }
                try easy.setURL(state.url.bytes)
            }
            if let headers = request.headers, let rendered = state.headers[vus[index].requestIndex] {
                for (position, header) in headers.enumerated() {
                    let line = rendered.lines[position]
                    render(header.value, vu: index, into: line, prefix: header.linePrefix)
                    guard !line.hasLineBreak else { return false }
                }
                try easy.setHeaders(rendered.list)
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
