import BarrageCore

/// The report page's stylesheet, inlined into the page.
enum ReportStyle {
    static let css = #"""
    :root { --fg: #1d2330; --muted: #667085; --line: #e4e7ec; --bg: #f7f8fa; --ok: #12805c; --bad: #c4320a; }
    * { box-sizing: border-box; }
    body { margin: 0; padding: 16px 24px 40px; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
    h1 { font-size: 20px; margin: 0 0 4px; }
    h2 { font-size: 15px; margin: 24px 0 8px; }
    #subtitle { margin: 0; color: var(--muted); }
    section { max-width: 1280px; }
    pre { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px; overflow-x: auto; white-space: pre-wrap; font: 12px/1.45 ui-monospace, Menlo, Consolas, monospace; }
    #charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(400px, 1fr)); gap: 12px; }
    .chart { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
    .chart h3 { font-size: 13px; margin: 0 0 4px; font-weight: 600; }
    .chart svg { width: 100%; height: auto; display: block; }
    .chart .axis { stroke: #98a2b3; stroke-width: 1; }
    .chart .grid { stroke: var(--line); stroke-width: 1; }
    .chart text { font-size: 10px; fill: var(--muted); }
    .chart path.series { fill: none; stroke-width: 1.8; }
    .legend { display: flex; flex-wrap: wrap; gap: 4px 12px; font-size: 12px; color: var(--muted); }
    .legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
    .empty { color: var(--muted); font-style: italic; }
    table { border-collapse: collapse; background: #fff; border: 1px solid var(--line); font-size: 13px; }
    th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
    th:first-child, td:first-child { text-align: left; }
    th { background: #f2f4f7; font-weight: 600; }
    ul#thresholds { list-style: none; padding: 0; margin: 0; font-family: ui-monospace, Menlo, Consolas, monospace; }
    .pass { color: var(--ok); } .fail { color: var(--bad); }
    .agent-state { display: inline-block; margin-right: 16px; }
    """#
}
