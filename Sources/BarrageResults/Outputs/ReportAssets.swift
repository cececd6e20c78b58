/// The report page's script and stylesheet, inlined into the page by ``ReportPage``.
///
/// They are real files, Resources/report.js and Resources/report.css, to edit, lint and test as
/// such. The build embeds their bytes in the binary (`.embedInCode` in Package.swift) rather than
/// loading them from a resource bundle at run time: `coord` is installed and shipped in images as
/// a single copied file (agents/README.md, agents/kubernetes/Dockerfile), where `Bundle.module`
/// would find no bundle and stop the process.
///
/// The script reads the JSON blob (or, live, polls `/data` each second) and draws each chart as an
/// inline SVG line chart, with no libraries. Each chart's container gets `data-rendered` (the
/// number of points drawn over all its series) and `data-series` (how many series), so a headless
/// browser test can check what was drawn.
enum ReportAssets {
    static let javaScript = text(PackageResources.report_js)
    static let css = text(PackageResources.report_css)

    /// A file's text without its final newline, which the page does not need.
    private static func text(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
