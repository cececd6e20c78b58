/// Hidden inputs (`<input type="hidden" name="csrf" value="...">`) and meta tags
/// (`<meta name="csrf-token" content="...">`) of an HTML page, each with a regex that finds its
/// value again in a fresh page (checked against the recorded one before it is offered).
enum HTMLValues {
    static func candidates(in body: String, response: RecordedResponse, isDynamic: (String) -> Bool) -> [Candidate] {
        var found: [Candidate] = []
        let lower = body.lowercased()
        guard lower.utf8.count == body.utf8.count else { return [] }  // case mapping changed lengths: offsets would not line up
        let bytes = Array(body.utf8)
        let lowerBytes = Array(lower.utf8)
        var at = 0
        while let start = find(Array("<".utf8), in: lowerBytes, from: at), found.count < 500 {
            at = start + 1
            let isInput = hasPrefix(lowerBytes, "<input", at: start)
            let isMeta = hasPrefix(lowerBytes, "<meta", at: start)
            guard isInput || isMeta, let end = bytes[start...].firstIndex(of: UInt8(ascii: ">")) else { continue }
            let attributes = Self.attributes(bytes[start..<end])
            let keyAttribute = isInput ? "name" : (attributes.contains { $0.name == "name" } ? "name" : "property")
            let valueAttribute = isInput ? "value" : "content"
            guard let key = attributes.first(where: { $0.name == keyAttribute }),
                let value = attributes.first(where: { $0.name == valueAttribute }), let quote = value.quote, isDynamic(value.value)
            else { continue }
            let keyPattern = POSIXRegex.escaped(key.raw)
            let valuePattern = POSIXRegex.escaped(value.raw.prefix { $0 != quote } + String(quote)) + "(" + POSIXRegex.notCharacter(quote) + "*)" + String(quote)
            let pattern = key.offset < value.offset ? keyPattern + "[^>]*" + valuePattern : valuePattern + "[^>]*" + keyPattern
            guard POSIXRegex.firstCapture(pattern, in: body) == value.value else { continue }
            let label = (isInput ? "hidden input " : "meta ") + key.value
            found.append(Candidate(value: value.value, response: response, location: .html(pattern: pattern, label: label), suggestedName: key.value))
        }
        return found
    }

    struct Attribute {
        var name: String
        var value: String
        /// The attribute as written, e.g. `name="csrf"`.
        var raw: String
        var quote: Character?
        var offset: Int
    }

    /// The attributes of a tag's text (from `<` up to, not including, `>`).
    static func attributes(_ tag: ArraySlice<UInt8>) -> [Attribute] {
        var result: [Attribute] = []
        var at = tag.startIndex
        while at < tag.endIndex, !isSpace(tag[at]) { at += 1 }  // the tag name
        while at < tag.endIndex {
            while at < tag.endIndex, isSpace(tag[at]) || tag[at] == UInt8(ascii: "/") { at += 1 }
            let nameStart = at
            while at < tag.endIndex, !isSpace(tag[at]), tag[at] != UInt8(ascii: "="), tag[at] != UInt8(ascii: "/") { at += 1 }
            guard at > nameStart else { break }
            let name = String(decoding: tag[nameStart..<at], as: UTF8.self).lowercased()
            guard at < tag.endIndex, tag[at] == UInt8(ascii: "=") else { continue }
            at += 1
            guard at < tag.endIndex else { break }
            var quote: Character?
            let value: String
            if tag[at] == UInt8(ascii: "\"") || tag[at] == UInt8(ascii: "'") {
                let mark = tag[at]
                quote = Character(Unicode.Scalar(mark))
                let valueStart = at + 1
                guard let close = tag[valueStart...].firstIndex(of: mark) else { break }
                value = String(decoding: tag[valueStart..<close], as: UTF8.self)
                at = close + 1
            } else {
                let valueStart = at
                while at < tag.endIndex, !isSpace(tag[at]) { at += 1 }
                value = String(decoding: tag[valueStart..<at], as: UTF8.self)
            }
            let raw = String(decoding: tag[nameStart..<at], as: UTF8.self)
            result.append(Attribute(name: name, value: value, raw: raw, quote: quote, offset: nameStart))
        }
        return result
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    private static func hasPrefix(_ bytes: [UInt8], _ prefix: String, at: Int) -> Bool {
        let prefix = Array(prefix.utf8)
        guard at + prefix.count <= bytes.count, bytes[at..<(at + prefix.count)].elementsEqual(prefix) else { return false }
        return at + prefix.count == bytes.count || isSpace(bytes[at + prefix.count])
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard from < bytes.count else { return nil }
        return bytes[from...].firstIndex(of: needle[0])
    }
}
