/// JSON made safe as the content of an HTML `<script>` element (a data block or a script).
///
/// Inside `<script>` the HTML parser looks only for `</script` (and `<!--`), and does so on the
/// raw text. JSON holds `<`, `>`, `&` and `'` only inside strings, where `\u003c`, `\u003e`,
/// `\u0026` and `\u0027` mean the same, so replacing every one of them changes nothing for `JSON.parse` and
/// leaves the parser nothing to find. U+2028 and U+2029 are escaped too: older JavaScript parsers
/// read them as line ends. The replacement runs on Unicode scalars, never on `Character`s (a
/// U+0600 followed by `<` is one `Character` that is not `"<"`).
public enum ScriptJSON {
    /// `json` with every `<`, `>`, `&`, `'`, U+2028 and U+2029 as a `\u` escape.
    public static func embeddable(_ json: String) -> String {
        var safe = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": safe.append(contentsOf: #"\u003c"#.unicodeScalars)
            case ">": safe.append(contentsOf: #"\u003e"#.unicodeScalars)
            case "&": safe.append(contentsOf: #"\u0026"#.unicodeScalars)
            case "'": safe.append(contentsOf: #"\u0027"#.unicodeScalars)
            case "\u{2028}": safe.append(contentsOf: #"\u2028"#.unicodeScalars)
            case "\u{2029}": safe.append(contentsOf: #"\u2029"#.unicodeScalars)
            default: safe.append(scalar)
            }
        }
        return String(safe)
    }
}
