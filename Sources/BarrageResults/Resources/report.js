(function () {
  "use strict";
  // No inline style attributes or handlers anywhere (the page's Content-Security-Policy allows
  // neither): colors are classes s0..s7, listeners are added here.
  var SERIES_CLASSES = 8;
  var state = { data: null, view: 0, scales: {} };

  // The same rules as HTMLText.swift: each UTF-16 unit on its own (never a grapheme), the five
  // markup characters as references, control characters other than tab and newline dropped.
  function esc(text) {
    return String(text).replace(/[&<>"']|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c] || "";
    });
  }

  // ---- numbers -------------------------------------------------------------------------------
  // A number without float noise: 0.30000000000000004 -> "0.3".
  function plain(v, digits) { return String(+v.toFixed(digits === undefined ? 3 : digits)); }
  // 1500 -> "1.5k", 2000000 -> "2M": for ticks, whose values are already round.
  function short(v) {
    var a = Math.abs(v);
    if (a >= 1e9) return plain(v / 1e9) + "G";
    if (a >= 1e6) return plain(v / 1e6) + "M";
    if (a >= 1e3) return plain(v / 1e3) + "k";
    return plain(v);
  }
  // Decimal byte units as the text summary prints them: 40000 -> "40 kB".
  function bytes(v) {
    var units = ["B", "kB", "MB", "GB", "TB"], u = 0;
    while (Math.abs(v) >= 1000 && u < units.length - 1) { v /= 1000; u++; }
    return plain(v, Math.abs(v) < 10 && u > 0 ? 1 : 0) + " " + units[u];
  }
  function millis(ms) {
    if (ms === null || ms === undefined || !isFinite(ms)) return "-";
    if (ms >= 1000) return plain(ms / 1000, 2) + " s";
    if (ms >= 1) return plain(ms, ms >= 100 ? 0 : 1) + " ms";
    return plain(ms * 1000, 0) + " \u00b5s";
  }
  function count(v) { return Math.round(v).toLocaleString("en-US"); }
  function rate(v) { return v >= 100 ? count(v) : plain(v, 1); }
  function percent(f) { return plain(f * 100, f > 0 && f < 0.01 ? 2 : 1) + "%"; }

  // ---- axes ------------------------------------------------------------------------------------
  // Round steps (1, 2 or 5 x 10^n) giving about `n` intervals up to at least `max`.
  function niceTicks(max, n) {
    var raw = max / n, mag = Math.pow(10, Math.floor(Math.log(raw) / Math.LN10)), norm = raw / mag;
    var step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
    var ticks = [];
    for (var i = 0; i * step < max * (1 + 1e-9) || ticks.length < 2; i++) ticks.push(+(i * step).toPrecision(12));
    if (ticks[ticks.length - 1] < max) ticks.push(+(ticks.length * step).toPrecision(12));
    return ticks;
  }
  // Powers of ten covering [min, max] for a log axis.
  function logTicks(min, max) {
    var ticks = [], p = Math.floor(Math.log(min) / Math.LN10), top = Math.ceil(Math.log(max) / Math.LN10);
    if (top === p) top++;
    for (; p <= top; p++) ticks.push(+Math.pow(10, p).toPrecision(12));
    return ticks;
  }
  function timeTicks(maxX) {
    var ticks = niceTicks(Math.max(maxX, 1), 6);
    return ticks[ticks.length - 1] > maxX * 1.001 && ticks.length > 2 ? ticks.slice(0, -1) : ticks;
  }
  function clock(s) {
    if (s < 60) return plain(s) + "s";
    var m = Math.floor(s / 60), r = Math.round(s - m * 60);
    return m + "m" + (r ? (r < 10 ? "0" : "") + r + "s" : "");
  }

  // ---- charts ----------------------------------------------------------------------------------
  function agentValue(name, key) {
    return function (row) { var a = row.agents && row.agents[name]; return a ? a[key] : null; };
  }
  function perSecond(key) { return function (r) { return r[key] / (r.interval_seconds || 1); }; }
  function sum(rows, f) { return rows.reduce(function (t, r) { var v = f(r); return t + (isFinite(v) && v ? v : 0); }, 0); }

  // The seconds to draw. Once the run has ended, the trailing seconds with no VU and no request
  // (the wind-down after the load stopped) are left out: drawn, they are a cliff to 0 that reads
  // as an outage in the last second.
  function drawnSeconds(data) {
    var rows = data.seconds || [];
    if (data.live && !(data.status && data.status.finished)) return rows;
    var end = rows.length;
    while (end > 1 && !rows[end - 1].vus && !rows[end - 1].http_reqs) end--;
    return rows.slice(0, end);
  }

  function charts(data) {
    var agents = data.agents || [];
    var rows = drawnSeconds(data);
    // One agent: its line is the merged line, drawn once (not hidden under an identical one).
    var many = agents.length > 1;
    function perAgent(key, suffix) {
      return agents.map(function (n) { return { name: n + (suffix || ""), value: agentValue(n, key) }; });
    }
    function merged(value) { return [{ name: many ? "all agents" : (agents[0] || "all"), value: value }]; }
    var received = sum(rows, function (r) { return r.data_received_bytes; });
    var netRx = sum(rows, function (r) { return agents.reduce(function (t, n) { return t + (agentValue(n, "net_rx_bytes_per_s")(r) || 0); }, 0); });
    // The agents measure every interface but loopback: a target on the same host is not seen
    // there, so a flat 0 next to megabytes received would be a wrong figure, not a small one.
    var networkUnavailable = received > 0 && netRx < received * 0.01;
    return [
      { id: "req-per-s", title: "Requests per second", unit: "req/s", format: short,
        series: merged(function (r) { return r.req_per_s; }).concat(many ? perAgent("req_per_s") : []) },
      { id: "latency", title: "Response time (http_req_duration)", unit: "ms", format: short, scalable: true,
        series: ["p50", "p95", "p99"].map(function (p) {
          return { name: p, value: function (r) { return r.http_req_duration.count > 0 ? r.http_req_duration[p] : null; } };
        }) },
      { id: "vus", title: "Active VUs", unit: "VUs", format: short,
        series: merged(function (r) { return r.vus; }).concat(many ? perAgent("vus") : []) },
      { id: "errors", title: "Failed requests (http_req_failed)", unit: "per s", format: short, zero: "no failed requests",
        series: [{ name: "failed", value: perSecond("http_req_failed") }] },
      { id: "data-received", title: "Data received", unit: "per s", format: bytes,
        series: merged(perSecond("data_received_bytes")).concat(many ? perAgent("data_received_bytes_per_s") : []) },
      { id: "agent-cpu", title: "Agent CPU", unit: "% of a core", format: short, series: perAgent("cpu_percent") },
      { id: "agent-network", title: "Agent network", unit: "per s", format: bytes,
        unavailable: networkUnavailable ? "unavailable: the agents measure every interface but loopback, and these requests did not " +
          "cross one (a target on the agent's own host); see Data received" : "",
        series: perAgent("net_rx_bytes_per_s", " rx").concat(perAgent("net_tx_bytes_per_s", " tx")) }
    ];
  }

  function points(spec, rows) {
    var t0 = rows.length ? rows[0].unix_seconds : 0;
    return spec.series.map(function (s) {
      var pts = [];
      rows.forEach(function (r) {
        var v = s.value(r);
        if (v === null || v === undefined || !isFinite(v)) return;
        pts.push([r.unix_seconds - t0, v]);
      });
      return pts;
    });
  }

  // A startup spike flattens the rest of a latency chart: the largest value is 10x the median p95.
  function spiky(lines) {
    var all = [], p95 = (lines[1] || []).map(function (p) { return p[1]; }).sort(function (a, b) { return a - b; });
    lines.forEach(function (l) { l.forEach(function (p) { all.push(p[1]); }); });
    if (p95.length < 3) return false;
    var median = p95[Math.floor(p95.length / 2)];
    return median > 0 && Math.max.apply(null, all) > 10 * median;
  }

  function drawChart(spec, rows, width) {
    var lines = points(spec, rows);
    var maxX = 1, maxY = 0, minPositive = Infinity, n = 0;
    lines.forEach(function (pts) {
      pts.forEach(function (p) {
        if (p[0] > maxX) maxX = p[0];
        if (p[1] > maxY) maxY = p[1];
        if (p[1] > 0 && p[1] < minPositive) minPositive = p[1];
        n++;
      });
    });
    // A chart with nothing to show says so above a short empty axis instead of a tall one.
    var W = Math.max(280, Math.round(width)), H = n > 0 && maxY > 0 ? 220 : 90, L = 64, R = 14, T = 12, B = 28;
    var auto = spec.scalable && spiky(lines) ? "log" : "linear";
    var scale = spec.scalable ? (state.scales[spec.id] || auto) : "linear";
    var allZero = n > 0 && maxY <= 0;
    var ticks, sy;
    if (scale === "log" && maxY > 0) {
      ticks = logTicks(minPositive, maxY);
      var lo = Math.log(ticks[0]), hi = Math.log(ticks[ticks.length - 1]);
      sy = function (y) { return T + (H - T - B) * (1 - (Math.log(Math.max(y, ticks[0])) - lo) / (hi - lo)); };
    } else {
      if (scale === "clip" && lines[1] && lines[1].length) {
        // Clipped at twice the largest p95: the spike runs off the top, the rest stays readable.
        maxY = Math.min(maxY, 2 * Math.max.apply(null, lines[1].map(function (p) { return p[1]; })));
      }
      ticks = allZero || maxY <= 0 ? [0] : niceTicks(maxY, 4);
      var top = ticks[ticks.length - 1] || 1;
      sy = function (y) { return T + (H - T - B) * (1 - Math.min(y, top) / top); };
    }
    function sx(x) { return L + (W - L - R) * x / maxX; }
    var svg = '<svg viewBox="0 0 ' + W + " " + H + '" width="' + W + '" height="' + H + '" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="' +
      esc(spec.title) + '">';
    ticks.forEach(function (v) {
      var y = sy(v).toFixed(1);
      svg += '<line class="grid" x1="' + L + '" x2="' + (W - R) + '" y1="' + y + '" y2="' + y + '"/>';
      svg += '<text class="tick y" data-tick="' + v + '" x="' + (L - 6) + '" y="' + (+y + 4) + '" text-anchor="end">' + esc(spec.format(v)) + "</text>";
    });
    timeTicks(maxX).forEach(function (x) {
      svg += '<text class="tick x" data-tick="' + x + '" x="' + sx(x).toFixed(1) + '" y="' + (H - 8) + '" text-anchor="middle">' + esc(clock(x)) + "</text>";
    });
    svg += '<line class="axis" x1="' + L + '" x2="' + L + '" y1="' + T + '" y2="' + (H - B) + '"/>';
    svg += '<line class="axis" x1="' + L + '" x2="' + (W - R) + '" y1="' + (H - B) + '" y2="' + (H - B) + '"/>';
    lines.forEach(function (pts, i) {
      if (!pts.length) return;
      var d = pts.map(function (p, j) { return (j ? "L" : "M") + sx(p[0]).toFixed(1) + "," + sy(p[1]).toFixed(1); }).join("");
      if (pts.length === 1) d += "h2";
      svg += '<path class="series s' + (i % SERIES_CLASSES) + '" data-points="' + pts.length + '" d="' + d + '"/>';
    });
    svg += "</svg>";
    var legend = spec.series.length > 1 ? '<div class="legend">' + spec.series.map(function (s, i) {
      return '<span><i class="swatch s' + (i % SERIES_CLASSES) + '"></i>' + esc(s.name) + "</span>";
    }).join("") + "</div>" : "";
    var controls = "";
    if (spec.scalable) {
      controls = '<span class="scales" role="group" aria-label="scale">' + ["linear", "log", "clip"].map(function (s) {
        return '<button type="button" data-chart="' + esc(spec.id) + '" data-scale="' + s + '"' + (s === scale ? ' class="on" aria-pressed="true"' : ' aria-pressed="false"') +
          ">" + s + "</button>";
      }).join("") + "</span>";
    }
    var note = "";
    if (n === 0) note = '<p class="chart-note" data-empty="1">no data yet</p>';
    else if (allZero) note = '<p class="chart-note" data-all-zero="1">all 0: ' + esc(spec.zero || "nothing measured") + "</p>";
    else if (scale !== "linear" && !state.scales[spec.id]) note = '<p class="chart-note">log scale: a spike (' + esc(millis(maxY)) + ") would flatten the rest</p>";
    else if (scale === "clip") note = '<p class="chart-note">clipped at ' + esc(millis(maxY)) + "</p>";
    var head = '<div class="chart-head"><h3>' + esc(spec.title) + " <small>" + esc(spec.unit) + "</small></h3>" + controls + "</div>";
    return { html: head + note + svg + legend, points: n, allZero: allZero };
  }

  function renderCharts(data) {
    var host = document.getElementById("charts");
    var rows = drawnSeconds(data);
    charts(data).forEach(function (spec) {
      if (!spec.series.length) return;
      var el = document.getElementById("chart-" + spec.id);
      if (!el) {
        el = document.createElement("div");
        el.className = "chart";
        el.id = "chart-" + spec.id;
        host.appendChild(el);
      }
      if (spec.unavailable) {
        el.innerHTML = '<div class="chart-head"><h3>' + esc(spec.title) + '</h3></div><p class="chart-note unavailable" data-unavailable="1">' +
          esc(spec.unavailable) + "</p>";
        el.setAttribute("data-rendered", "0");
        el.setAttribute("data-unavailable", "1");
        return;
      }
      el.removeAttribute("data-unavailable");
      var drawn = drawChart(spec, rows, el.clientWidth ? el.clientWidth - 22 : 560);
      el.innerHTML = drawn.html;
      el.setAttribute("data-rendered", String(drawn.points));
      el.setAttribute("data-series", String(spec.series.length));
      if (drawn.allZero) el.setAttribute("data-all-zero", "1"); else el.removeAttribute("data-all-zero");
    });
  }

  // ---- views: KPI tiles, checks, per-name rows ---------------------------------------------------
  function views(data) {
    if (data.views && data.views.length) return data.views;
    return [{ name: "all", label: "whole run", window: "", kpi: null, checks: [], requests: data.requests || [] }];
  }

  function renderViews(data) {
    var list = views(data);
    if (state.view >= list.length) state.view = 0;
    var nav = document.getElementById("views");
    nav.classList.toggle("hidden", list.length < 2);
    nav.innerHTML = list.length < 2 ? "" : list.map(function (v, i) {
      return '<button type="button" data-view="' + i + '" class="' + (i === state.view ? "on" : "") + '" aria-pressed="' + (i === state.view) + '">' +
        esc(v.label) + (v.executor ? " <small>" + esc(v.executor) + "</small>" : "") + "</button>";
    }).join("");
  }

  function tile(key, label, value, note, kind) {
    return '<div class="kpi' + (kind ? " " + kind : "") + '" data-kpi="' + key + '"><span class="kpi-label">' + esc(label) +
      '</span><span class="kpi-value">' + esc(value) + '</span><span class="kpi-note">' + esc(note) + "</span></div>";
  }

  // The live page's "now": the last closed seconds (up to 10).
  function recent(rows) {
    var last = rows.slice(-10), length = sum(last, function (r) { return r.interval_seconds; });
    var latest = rows.length ? rows[rows.length - 1] : null;
    return {
      seconds: last.length,
      reqPerS: length > 0 ? sum(last, function (r) { return r.http_reqs; }) / length : 0,
      p95: latest && latest.http_req_duration.count > 0 ? latest.http_req_duration.p95 : null,
      vus: latest ? latest.vus : 0
    };
  }

  function renderKPIs(data) {
    var view = views(data)[state.view];
    var k = view.kpi;
    var host = document.getElementById("kpis");
    if (!k) { host.innerHTML = ""; return; }
    var html = "";
    var live = data.live && !(data.status && data.status.finished) && state.view === 0;
    if (live) {
      var now = recent(data.seconds || []);
      html += tile("req_per_s", "requests / s", rate(now.reqPerS), "last " + now.seconds + " s");
      html += tile("p95", "p95 response time", millis(now.p95), "latest second");
    } else {
      html += tile("req_per_s", "requests / s", rate(k.req_per_s), count(k.http_reqs) + " requests");
      html += tile("p95", "p95 response time", millis(k.p95_ms), view.window);
    }
    html += tile("failed", "failed", percent(k.failed_rate), count(k.http_req_failed) + " of " + count(k.http_reqs),
      k.http_req_failed > 0 ? "bad" : "good");
    html += tile("vus", "VUs", count(live ? recent(data.seconds || []).vus : k.vus), "max " + count(k.vus_max));
    html += tile("data", "data received", bytes(k.data_received_per_s) + "/s", bytes(k.data_received_bytes) + " in all");
    var checks = k.checks_passed + k.checks_failed;
    if (checks > 0) {
      html += tile("checks", "checks passed", percent(k.checks_passed / checks), count(k.checks_failed) + " failed",
        k.checks_failed > 0 ? "bad" : "good");
    }
    host.innerHTML = html;
  }

  function renderChecks(data) {
    var list = views(data)[0].checks || [];
    var section = document.getElementById("checks-section");
    section.classList.toggle("hidden", !list.length);
    document.getElementById("checks").innerHTML = "<tr><th>check</th><th>passed</th><th>failed</th><th>pass rate</th></tr>" +
      list.map(function (c) {
        var total = c.passes + c.fails, r = total ? c.passes / total : 0;
        return '<tr data-check-row="1" class="' + (c.fails ? "fail" : "pass") + '"><td>' + (c.fails ? "\u2717 " : "\u2713 ") + esc(c.name) +
          "</td><td>" + count(c.passes) + "</td><td>" + count(c.fails) + '</td><td><meter min="0" max="1" low="0.99" optimum="1" value="' +
          r + '"></meter> ' + percent(r) + "</td></tr>";
      }).join("");
  }

  function renderScenarios(data) {
    var list = views(data).slice(1);
    document.getElementById("scenarios-section").classList.toggle("hidden", !list.length);
    document.getElementById("scenarios").innerHTML = "<tr><th>scenario</th><th>executor</th><th>VUs</th><th>iterations</th>" +
      "<th>req/s</th><th>p95</th><th>failed</th></tr>" + list.map(function (v) {
        var k = v.kpi;
        return '<tr data-scenario-row="1"><td>' + esc(v.label) + "</td><td>" + esc(v.executor) + "</td><td>" + count(k.vus_max) + "</td><td>" +
          count(k.iterations) + "</td><td>" + rate(k.req_per_s) + "</td><td>" + millis(k.p95_ms) + "</td><td>" + count(k.http_req_failed) + "</td></tr>";
      }).join("");
  }

  // k6's group_duration per group path, of the whole run (a flow's groups are not split by scenario).
  function renderGroups(data) {
    var list = views(data)[0].groups || [];
    show("groups-section", list.length > 0);
    document.getElementById("groups").innerHTML = "<tr><th>group</th><th>count</th><th>avg</th><th>p95</th></tr>" +
      list.map(function (g) {
        return '<tr data-group-row="1"><td>' + esc(g.path) + "</td><td>" + count(g.count) + "</td><td>" +
          esc(millis(g.avg_ms)) + "</td><td>" + esc(millis(g.p95_ms)) + "</td></tr>";
      }).join("");
  }

  function renderRequests(data) {
    var table = document.getElementById("requests");
    var rows = views(data)[0].requests || [];
    if (!rows.length || !rows[0].http_reqs) { table.innerHTML = '<tr><td class="empty">no requests yet</td></tr>'; return; }
    var tagKeys = [];
    rows.forEach(function (r) { Object.keys(r.tags || {}).forEach(function (k) { if (tagKeys.indexOf(k) < 0) tagKeys.push(k); }); });
    var columns = [["http_reqs", "requests", count], ["req_per_s", "req/s", rate], ["http_req_failed", "failed", count],
      ["avg_ms", "avg", millis], ["p50_ms", "p50", millis], ["p90_ms", "p90", millis], ["p95_ms", "p95", millis],
      ["p99_ms", "p99", millis], ["max_ms", "max", millis]];
    var html = "<tr><th>name</th>" + tagKeys.map(function (k) { return "<th>" + esc(k) + "</th>"; }).join("") +
      columns.map(function (c) { return "<th>" + c[1] + "</th>"; }).join("") + "</tr>";
    rows.forEach(function (r, i) {
      html += '<tr data-request-row="1"' + (i === 0 && !r.tags ? ' class="total"' : "") + "><td>" + esc(r.name) + "</td>";
      tagKeys.forEach(function (k) { html += "<td>" + esc((r.tags || {})[k] || "") + "</td>"; });
      columns.forEach(function (c) { html += "<td>" + esc(r[c[0]] === undefined ? "-" : c[2](r[c[0]])) + "</td>"; });
      html += "</tr>";
    });
    table.innerHTML = html;
  }

  function show(id, visible) { document.getElementById(id).classList.toggle("hidden", !visible); }

  function renderText(data) {
    var rows = data.seconds || [];
    var status = data.status || {};
    document.getElementById("subtitle").textContent = data.url + " \u00b7 " + (data.agents || []).length + " agent" +
      ((data.agents || []).length === 1 ? "" : "s") + " \u00b7 " + rows.length + " s of data" + (data.live && !status.finished ? " \u00b7 live" : "");
    document.getElementById("summary").textContent = data.summary || "(the summary appears when the run ends)";
    var list = data.thresholds || [];
    show("thresholds-section", list.length > 0);
    document.getElementById("thresholds").innerHTML = list.map(function (t) {
      return '<li class="' + (t.passed ? "pass" : "fail") + '">' + (t.passed ? "\u2713 " : "\u2717 ") +
        esc(t.metric) + " " + esc(t.expression) + " (" + esc(t.observed) + ")</li>";
    }).join("");
    show("status-section", !!data.live);
    if (data.live) {
      var text = (status.finished ? "finished" : "running") + ": " + status.elapsed_seconds + " s of " + status.planned_seconds + " s";
      document.getElementById("status").innerHTML = "<p>" + esc(text) + "</p>" + (status.agents || []).map(function (a) {
        return '<span class="agent-state" data-agent="' + esc(a.name) + '">' + esc(a.name) + ": " + esc(a.state) + ", " + esc(a.vus) + " VUs</span>";
      }).join("") + (data.notes || []).map(function (n) { return '<p class="fail">' + esc(n) + "</p>"; }).join("");
    }
  }

  function render(data) {
    state.data = data;
    renderText(data);
    renderViews(data);
    renderKPIs(data);
    renderCharts(data);
    renderChecks(data);
    renderScenarios(data);
    renderGroups(data);
    renderRequests(data);
    document.body.setAttribute("data-rendered-seconds", String((data.seconds || []).length));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button") : null;
    if (!button || !state.data) return;
    if (button.hasAttribute("data-scale")) {
      state.scales[button.getAttribute("data-chart")] = button.getAttribute("data-scale");
      renderCharts(state.data);
    } else if (button.hasAttribute("data-view")) {
      state.view = +button.getAttribute("data-view") || 0;
      renderViews(state.data);
      renderKPIs(state.data);
    }
  });
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { if (state.data) renderCharts(state.data); }, 150);
  });

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
