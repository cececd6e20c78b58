import BarrageCore

/// The HTML page of `--report` and `--dashboard`: one self-contained document (inline CSS and JS,
/// charts drawn as inline SVG by ``ReportAssets``, no network), with the data as one JSON blob in
/// `<script type="application/json" id="barrage-data">`. Text from the run is escaped by
/// ``HTMLText`` and ``ScriptJSON``; ``ReportPolicy`` lets only the page's own script and style run.
///
/// The dashboard serves the same page with `live` set: the script then fetches `/data` each second
/// and redraws.
public enum ReportPage {
    /// The page for `data`.
    public static func html(_ data: ReportData) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(ReportPolicy.forPage(live: data.live))">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLText.escape(data.title))</title>
        <style>\(ReportAssets.css)</style>
        </head>
        <body data-live="\(data.live ? "1" : "0")">
        <header><h1>\(HTMLText.escape(data.title))</h1><p id="subtitle"></p></header>
        <section id="status-section"><h2>Status</h2><div id="status"></div></section>
        <section id="summary-section"><h2>Summary</h2><pre id="summary"></pre></section>
        <section id="thresholds-section"><h2>Thresholds</h2><ul id="thresholds"></ul></section>
        <section><h2>Over time</h2><div id="charts"></div></section>
        <section><h2>Requests by name</h2><table id="requests"></table></section>
        <script type="application/json" id="barrage-data">\(ScriptJSON.embeddable(data.json()))</script>
        <script>\(ReportAssets.javaScript)</script>
        </body>
        </html>

        """
    }
}
