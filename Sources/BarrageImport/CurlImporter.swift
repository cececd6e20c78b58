import BarrageCore
import Foundation

/// `coord import curl`: curl command lines, as browsers' "Copy as cURL (bash)" and API
/// documentation write them, to one request each, in order.
public enum CurlImporter {
    /// Options whose next word is their value and that change nothing in a replay.
    static let ignoredWithValue: Set<String> = [
        "-o", "--output", "-m", "--max-time", "--connect-timeout", "-w", "--write-out", "--retry", "-x", "--proxy", "--cacert",
        "--cert", "--key", "-D", "--dump-header", "-c", "--cookie-jar", "--resolve", "--limit-rate", "-r", "--range",
    ]
    /// Flags that change nothing in a replay (or that coord does by default).
    static let ignoredFlags: Set<String> = [
        "-s", "--silent", "-S", "--show-error", "-v", "--verbose", "-i", "--include", "-L", "--location", "--http1.1", "--http2",
        "--http2-prior-knowledge", "-f", "--fail", "-N", "--no-buffer", "-#", "--progress-bar", "-sS", "-fsSL", "-sL", "-Ss",
    ]

    public static func importCommands(_ text: String, bodyFilePrefix: String) throws(ImportError) -> ImportResult {
        let commands = try ShellWords.commands(text)
        guard !commands.isEmpty else { throw .badCurl("no command given, e.g. coord import curl 'curl https://host/api'") }
        var scenario = ImportedScenario()
        var result = ImportResult(scenario: scenario)
        var names: Set<String> = []
        for (number, words) in commands.enumerated() {
            guard words.first == "curl" || words.first?.hasSuffix("/curl") == true else {
                throw .badCurl("command \(number + 1) does not start with curl: \(RecordedURL.shortened(words.joined(separator: " ")))")
            }
            var parsed = try CurlCommand(Array(words.dropFirst()), number: number + 1)
            result.warnings += parsed.warnings
            if scenario.target == nil { scenario.target = parsed.url.origin }
            if parsed.url.origin != scenario.target { parsed.request.origin = parsed.url.origin }
            var name = parsed.request.name
            var suffix = 2
            while names.contains(name) {
                name = "\(parsed.request.name) (\(suffix))"
                suffix += 1
            }
            names.insert(name)
            parsed.request.name = name
            if parsed.bodyAsFile, let body = parsed.request.body {
                let fileName = "\(bodyFilePrefix)-\(result.bodyFiles.count + 1).body"
                parsed.request.bodyFileName = fileName
                result.bodyFiles.append((fileName, body.source))
            }
            scenario.compression = scenario.compression || parsed.compressed
            scenario.insecureSkipTLSVerify = scenario.insecureSkipTLSVerify || parsed.insecure
            scenario.requests.append(parsed.request)
        }
        scenario.comments = ["Imported by coord import curl: \(scenario.requests.count) request\(scenario.requests.count == 1 ? "" : "s")."]
        result.scenario = scenario
        return result
    }
}

/// One curl command line's request.
struct CurlCommand {
    var url: RecordedURL
    var request: ImportedRequest
    var bodyAsFile = false
    var compressed = false
    var insecure = false
    var warnings: [String] = []

    init(_ words: [String], number: Int) throws(ImportError) {
        var method: String?
        var urlText: String?
        var headers: [(String, String)] = []
        var data: [String] = []
        var form: [(String, String)] = []
        var asQuery = false
        var json = false
        var words = words[...]
        func value(_ option: String) throws(ImportError) -> String {
            guard let next = words.popFirst() else { throw .badCurl("command \(number): \(option) needs a value") }
            return next
        }
        while let word = words.popFirst() {
            // --opt=value and -Xvalue forms.
            var option = word
            var inline: String?
            if word.hasPrefix("--"), let equals = word.firstIndex(of: "=") {
                option = String(word[..<equals])
                inline = String(word[word.index(after: equals)...])
            } else if word.hasPrefix("-"), !word.hasPrefix("--"), word.count > 2, ["-X", "-H", "-d", "-u", "-A", "-e", "-b", "-F"].contains(String(word.prefix(2))) {
                option = String(word.prefix(2))
                inline = String(word.dropFirst(2))
            }
            func argument() throws(ImportError) -> String {
                if let inline { return inline }
                return try value(option)
            }
            switch option {
            case "-X", "--request": method = try argument().uppercased()
            case "--url": urlText = try argument()
            case "-H", "--header":
                let header = try argument()
                guard let colon = header.firstIndex(of: ":") else {
                    warnings.append("command \(number): header \(RecordedURL.shortened(header)) left out: expected Name: value")
                    continue
                }
                headers.append((String(header[..<colon]).trimmingCharacters(in: .whitespaces), String(header[header.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            case "-d", "--data", "--data-raw", "--data-binary", "--data-ascii":
                let text = try argument()
                guard !text.hasPrefix("@") || option == "--data-raw" else {
                    throw .badCurl("command \(number): \(option) \(RecordedURL.shortened(text)) reads a file; put its text in the command or use bodyFile: in the scenario")
                }
                data.append(text)
            case "--data-urlencode":
                let text = try argument()
                if let equals = text.firstIndex(of: "=") {
                    data.append(String(text[..<equals]) + "=" + FormEncoding.encode(String(text[text.index(after: equals)...])))
                } else {
                    data.append(FormEncoding.encode(text))
                }
            case "--json":
                data.append(try argument())
                json = true
            case "-F", "--form":
                let field = try argument()
                guard let equals = field.firstIndex(of: "="), !field[field.index(after: equals)...].hasPrefix("@"), !field[field.index(after: equals)...].hasPrefix("<") else {
                    throw .badCurl("command \(number): -F \(RecordedURL.shortened(field)) uploads a file; only name=value fields can be imported")
                }
                form.append((String(field[..<equals]), String(field[field.index(after: equals)...])))
            case "-u", "--user":
                headers.append(("Authorization", "Basic " + Data(try argument().utf8).base64EncodedString()))
            case "-A", "--user-agent": headers.append(("User-Agent", try argument()))
            case "-e", "--referer": headers.append(("Referer", try argument()))
            case "-b", "--cookie":
                let cookie = try argument()
                guard cookie.contains("=") else {
                    warnings.append("command \(number): -b \(RecordedURL.shortened(cookie)) reads a cookie file; left out")
                    continue
                }
                headers.append(("Cookie", cookie))
                warnings.append("command \(number): its Cookie is a recorded session's: it may have expired")
            case "-I", "--head": method = "HEAD"
            case "-G", "--get": asQuery = true
            case "--compressed": compressed = true
            case "-k", "--insecure": insecure = true
            default:
                if CurlImporter.ignoredWithValue.contains(option) {
                    if inline == nil { _ = try value(option) }
                } else if CurlImporter.ignoredFlags.contains(option) {
                    continue
                } else if option.hasPrefix("-"), option != "-" {
                    warnings.append("command \(number): option \(RecordedURL.shortened(option)) ignored")
                } else if urlText == nil {
                    urlText = word
                } else {
                    warnings.append("command \(number): extra URL \(RecordedURL.shortened(word)) ignored (one request per command)")
                }
            }
        }
        guard let urlText else { throw .badCurl("command \(number) has no URL") }
        var url = try RecordedURL(urlText.contains("://") ? urlText : "http://" + urlText)
        var body: String?
        if !form.isEmpty {
            let boundary = "----barrage-import-boundary"
            body = form.map { "--\(boundary)\r\nContent-Disposition: form-data; name=\"\($0.0)\"\r\n\r\n\($0.1)\r\n" }.joined() + "--\(boundary)--\r\n"
            headers.removeAll { $0.0.lowercased() == "content-type" }
            headers.append(("Content-Type", "multipart/form-data; boundary=\(boundary)"))
            bodyAsFile = true
        } else if !data.isEmpty {
            let joined = data.joined(separator: "&")
            if asQuery {
                url.pathAndQuery += (url.pathAndQuery.contains("?") ? "&" : "?") + joined
            } else {
                body = joined
                let lowerNames = headers.map { $0.0.lowercased() }
                if !lowerNames.contains("content-type") {
                    headers.append(("Content-Type", json ? "application/json" : "application/x-www-form-urlencoded"))
                }
                if json, !lowerNames.contains("accept") { headers.append(("Accept", "application/json")) }
                bodyAsFile = joined.lowercased().contains("content-disposition: form-data")
                    || joined.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t" }
            }
        }
        let finalMethod = method ?? (body != nil ? "POST" : "GET")
        guard RequestSpec.methods.contains(finalMethod) else {
            throw .badCurl("command \(number): method \(RecordedURL.shortened(finalMethod)) is not one coord sends (\(RequestSpec.methods.sorted().joined(separator: ", ")))")
        }
        var kept: [(String, String)] = []
        for (name, value) in headers {
            let lower = name.lowercased()
            if ["host", "content-length", "connection", "accept-encoding"].contains(lower) || name.hasPrefix(":") {
                if lower == "accept-encoding" { compressed = true }
                continue
            }
            guard HTTPToken.isToken(name), !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                warnings.append("command \(number): header \(RecordedURL.shortened(name)) left out: not a valid name or value")
                continue
            }
            kept.append((name, value))
        }
        self.url = url
        request = ImportedRequest(name: finalMethod + " " + url.path, method: finalMethod, path: url.pathAndQuery, headers: kept, body: body)
    }
}
