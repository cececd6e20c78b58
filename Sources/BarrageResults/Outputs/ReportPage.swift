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
        <nav id="views" class="views hidden" aria-label="views"></nav>
        <section id="kpis" class="kpis" aria-label="key figures"></section>
        <section id="status-section"><h2>Status</h2><div id="status"></div></section>
        <section id="thresholds-section"><h2>Thresholds</h2><ul id="thresholds"></ul></section>
        <section><h2>Over time</h2><div id="charts"></div></section>
        <section id="checks-section" class="hidden"><h2>Checks</h2><div class="table-wrap"><table id="checks"></table></div></section>
        <section id="scenarios-section" class="hidden"><h2>Scenarios</h2><div class="table-wrap"><table id="scenarios"></table></div></section>
        <section><h2>Requests by name</h2><div class="table-wrap"><table id="requests"></table></div></section>
        <section id="summary-section"><h2>Summary</h2><pre id="summary"></pre></section>
        <script type="application/json" id="barrage-data">\(ScriptJSON.embeddable(data.json()))</script>
        <script>\(ReportAssets.javaScript)</script>
        </body>
        </html>

        """
    }
}
