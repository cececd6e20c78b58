(function () {
  "use strict";
  var COLORS = ["#2e90fa", "#f79009", "#12b76a", "#9e77ed", "#f04438", "#0ba5ec", "#ee46bc", "#667085"];
  function agentValue(name, key) {
    return function (row) { var a = row.agents && row.agents[name]; return a ? a[key] : null; };
  }
  function charts(data) {
    var agents = data.agents || [];
    var many = agents.length > 1;
    function perAgent(key) { return agents.map(function (n) { return { name: n, value: agentValue(n, key) }; }); }
    return [
      { id: "req-per-s", title: "Requests per second", unit: "req/s",
        series: [{ name: "merged", value: function (r) { return r.req_per_s; } }].concat(many ? perAgent("req_per_s") : []) },
      { id: "vus", title: "Active VUs", unit: "VUs",
        series: [{ name: "merged", value: function (r) { return r.vus; } }].concat(many ? perAgent("vus") : []) },
      { id: "latency", title: "http_req_duration", unit: "ms",
        series: ["p50", "p95", "p99"].map(function (p) {
          return { name: p, value: function (r) { return r.http_req_duration.count > 0 ? r.http_req_duration[p] : null; } };
        }) },
      { id: "errors", title: "Errors (http_req_failed)", unit: "per s",
        series: [{ name: "failed requests", value: function (r) { return r.http_req_failed / (r.interval_seconds || 1); } }] },
      { id: "data-received", title: "Data received", unit: "bytes/s",
        series: [{ name: "merged", value: function (r) { return r.data_received_bytes / (r.interval_seconds || 1); } }]
          .concat(agents.map(function (n) { return { name: n, value: agentValue(n, "data_received_bytes_per_s") }; })) },
      { id: "agent-cpu", title: "Agent CPU", unit: "% of a core",
        series: perAgent("cpu_percent") },
      { id: "agent-network", title: "Agent network", unit: "bytes/s",
        series: agents.map(function (n) { return { name: n + " rx", value: agentValue(n, "net_rx_bytes_per_s") }; })
          .concat(agents.map(function (n) { return { name: n + " tx", value: agentValue(n, "net_tx_bytes_per_s") }; })) }
    ];
  }
  function short(v) {
    var a = Math.abs(v);
    if (a >= 1e9) return (v / 1e9).toFixed(1) + "G";
    if (a >= 1e6) return (v / 1e6).toFixed(1) + "M";
    if (a >= 1e3) return (v / 1e3).toFixed(1) + "k";
    if (a >= 10 || v === 0) return String(Math.round(v));
    return v.toFixed(2);
  }
  // The same rules as HTMLText.swift: each UTF-16 unit on its own (never a grapheme), the five
  // markup characters as references, control characters other than tab and newline dropped.
  function esc(text) {
    return String(text).replace(/[&<>"']|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c] || "";
    });
  }
  function drawChart(spec, rows) {
    var W = 560, H = 220, L = 52, R = 12, T = 10, B = 26;
    var t0 = rows.length ? rows[0].unix_seconds : 0;
    var lines = [], maxY = 0, maxX = 1, points = 0;
    spec.series.forEach(function (s) {
      var pts = [];
      rows.forEach(function (r) {
        var v = s.value(r);
        if (v === null || v === undefined || !isFinite(v)) return;
        var x = r.unix_seconds - t0;
        pts.push([x, v]);
        if (v > maxY) maxY = v;
        if (x > maxX) maxX = x;
      });
      lines.push(pts);
      points += pts.length;
    });
    if (maxY <= 0) maxY = 1;
    maxY *= 1.08;
    function sx(x) { return L + (W - L - R) * x / maxX; }
    function sy(y) { return T + (H - T - B) * (1 - y / maxY); }
    var svg = '<svg viewBox="0 0 ' + W + " " + H + '" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="' + esc(spec.title) + '">';
    for (var g = 0; g <= 4; g++) {
      var gy = maxY * g / 4;
      svg += '<line class="grid" x1="' + L + '" x2="' + (W - R) + '" y1="' + sy(gy) + '" y2="' + sy(gy) + '"/>';
      svg += '<text x="' + (L - 4) + '" y="' + (sy(gy) + 3) + '" text-anchor="end">' + short(gy) + "</text>";
    }
    var ticks = Math.min(6, Math.max(1, Math.floor(maxX)));
    for (var k = 0; k <= ticks; k++) {
      var tx = maxX * k / ticks;
      svg += '<text x="' + sx(tx) + '" y="' + (H - 8) + '" text-anchor="middle">' + Math.round(tx) + "s</text>";
    }
    svg += '<line class="axis" x1="' + L + '" x2="' + L + '" y1="' + T + '" y2="' + (H - B) + '"/>';
    svg += '<line class="axis" x1="' + L + '" x2="' + (W - R) + '" y1="' + (H - B) + '" y2="' + (H - B) + '"/>';
    lines.forEach(function (pts, i) {
      if (!pts.length) return;
      var d = pts.map(function (p, j) { return (j ? "L" : "M") + sx(p[0]).toFixed(1) + "," + sy(p[1]).toFixed(1); }).join("");
      if (pts.length === 1) d += "h2";
      svg += '<path class="series" data-points="' + pts.length + '" stroke="' + COLORS[i % COLORS.length] + '" d="' + d + '"/>';
    });
    svg += "</svg>";
    var legend = '<div class="legend">' + spec.series.map(function (s, i) {
      return '<span><i><svg width="10" height="10"><rect width="10" height="10" fill="' + COLORS[i % COLORS.length] + '"/></svg></i>' + esc(s.name) + "</span>";
    }).join("") + "</div>";
    return { html: "<h3>" + esc(spec.title) + " <small>(" + esc(spec.unit) + ")</small></h3>" + svg + legend, points: points };
  }
  function renderCharts(data) {
    var host = document.getElementById("charts");
    var rows = data.seconds || [];
    charts(data).forEach(function (spec) {
      if (!spec.series.length) return;
      var el = document.getElementById("chart-" + spec.id);
      if (!el) {
        el = document.createElement("div");
        el.className = "chart";
        el.id = "chart-" + spec.id;
        host.appendChild(el);
      }
      var drawn = drawChart(spec, rows);
      el.innerHTML = drawn.html;
      el.setAttribute("data-rendered", String(drawn.points));
      el.setAttribute("data-series", String(spec.series.length));
    });
  }
  function renderTable(data) {
    var table = document.getElementById("requests");
    var rows = data.requests || [];
    if (!rows.length) { table.innerHTML = '<tr><td class="empty">no per-request data yet</td></tr>'; return; }
    var tagKeys = [];
    rows.forEach(function (r) { Object.keys(r.tags || {}).forEach(function (k) { if (tagKeys.indexOf(k) < 0) tagKeys.push(k); }); });
    var fixed = ["name"].concat(tagKeys);
    var metricKeys = Object.keys(rows[0]).filter(function (k) { return k !== "name" && k !== "tags"; });
    var order = ["http_reqs", "req_per_s", "http_req_failed", "avg_ms", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "max_ms"];
    metricKeys.sort(function (a, b) { return (order.indexOf(a) + 100) % 100 - (order.indexOf(b) + 100) % 100; });
    var html = "<tr>" + fixed.concat(metricKeys).map(function (k) { return "<th>" + esc(k) + "</th>"; }).join("") + "</tr>";
    rows.forEach(function (r) {
      html += '<tr data-request-row="1"><td>' + esc(r.name) + "</td>";
      tagKeys.forEach(function (k) { html += "<td>" + esc((r.tags || {})[k] || "") + "</td>"; });
      metricKeys.forEach(function (k) { html += "<td>" + esc(r[k]) + "</td>"; });
      html += "</tr>";
    });
    table.innerHTML = html;
  }
  function renderText(data) {
    var rows = data.seconds || [];
    var status = data.status || {};
    document.getElementById("subtitle").textContent = data.url + " \u00b7 " + (data.agents || []).length + " agent(s) \u00b7 " +
      rows.length + " second(s) of data" + (data.live && !status.finished ? " \u00b7 live" : "");
    var summary = document.getElementById("summary");
    summary.textContent = data.summary || "(the summary appears when the run ends)";
    var th = document.getElementById("thresholds");
    var list = data.thresholds || [];
    document.getElementById("thresholds-section").style.display = list.length ? "" : "none";
    th.innerHTML = list.map(function (t) {
      return '<li class="' + (t.passed ? "pass" : "fail") + '">' + (t.passed ? "\u2713 " : "\u2717 ") +
        esc(t.metric) + " " + esc(t.expression) + " (" + esc(t.observed) + ")</li>";
    }).join("");
    var st = document.getElementById("status-section");
    st.style.display = data.live ? "" : "none";
    if (data.live) {
      var text = (status.finished ? "finished" : "running") + ": " + status.elapsed_seconds + "s of " + status.planned_seconds + "s";
      document.getElementById("status").innerHTML = "<p>" + esc(text) + "</p>" + (status.agents || []).map(function (a) {
        return '<span class="agent-state" data-agent="' + esc(a.name) + '">' + esc(a.name) + ": " + esc(a.state) + ", " + a.vus + " VUs</span>";
      }).join("");
    }
  }
  function render(data) {
    renderText(data);
    renderCharts(data);
    renderTable(data);
    document.body.setAttribute("data-rendered-seconds", String((data.seconds || []).length));
  }
  var initial = JSON.parse(document.getElementById("barrage-data").textContent);
  render(initial);
  if (initial.live) {
    var poll = function () {
      fetch("/data", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (data) {
        render(data);
        if (!(data.status && data.status.finished)) setTimeout(poll, 1000);
      }).catch(function () { setTimeout(poll, 2000); });
    };
    poll();
  }
})();
