// txstream console, live view: reads the server-sent events of /live and
// draws them with uPlot. No inline script, no other host: the CSP
// allows this file and uPlot only.
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root || typeof uPlot === "undefined") { return; }
  var status = document.getElementById("live-status");
  var keep = 300; // samples on the charts: five minutes at one a second
  var data = { t: [], accepted: [], finished: [], http_4xx: [], http_5xx: [], dead_letters: [], lag: [] };

  function chart(id, series) {
    var el = document.getElementById(id);
    var opts = {
      width: Math.max(el.clientWidth, 320), height: 200,
      scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(max, 1)]; } } },
      series: [{}].concat(series.map(function (s) { return { label: s[1], stroke: s[2], width: 2, points: { show: false } }; })),
      axes: [{}, { size: 50 }]
    };
    var plot = new uPlot(opts, [[]].concat(series.map(function () { return []; })), el);
    return { plot: plot, keys: series.map(function (s) { return s[0]; }) };
  }
  var charts = [
    chart("chart-throughput", [["accepted", "accepted", "#2458d6"], ["finished", "finished", "#1d7f4e"]]),
    chart("chart-errors", [["http_4xx", "4xx", "#a56400"], ["http_5xx", "5xx", "#b3261e"], ["dead_letters", "dead letters", "#6b3fa0"]]),
    chart("chart-lag", [["lag", "lag", "#2458d6"]])
  ];

  function redraw() {
    charts.forEach(function (c) {
      c.plot.setData([data.t].concat(c.keys.map(function (k) { return data[k]; })));
    });
  }

  function addSample(s) {
    Object.keys(data).forEach(function (k) {
      data[k].push(k === "t" ? s.t : s[k]);
      if (data[k].length > keep) { data[k].shift(); }
    });
    root.dataset.samples = String(data.t.length); // for the browser tests
  }

  function cell(tr, text, cls) {
    var td = document.createElement("td");
    if (cls) { td.className = cls; }
    if (text instanceof Node) { td.appendChild(text); } else { td.textContent = text; }
    tr.appendChild(td);
  }

  function showChanges(entries) {
    var body = document.querySelector("#changes tbody");
    if (!body) { return; }
    body.textContent = "";
    entries.forEach(function (e) {
      var tr = document.createElement("tr");
      var a = document.createElement("a");
      a.href = root.dataset.prefix + "/transactions/" + encodeURIComponent(e.transaction_id);
      a.textContent = e.transaction_id;
      cell(tr, e.at.replace("T", " "));
      cell(tr, a);
      cell(tr, e.status, "status-" + e.status);
      cell(tr, e.reason || "");
      cell(tr, String(e.version));
      body.appendChild(tr);
    });
  }

  var pending = false;
  function schedule() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; redraw(); });
  }

  var src = new EventSource(root.dataset.src);
  src.addEventListener("sample", function (ev) { addSample(JSON.parse(ev.data)); schedule(); status.textContent = "live"; });
  src.addEventListener("changes", function (ev) { showChanges(JSON.parse(ev.data)); });
  src.onerror = function () { status.textContent = "reconnecting…"; };
  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.plot.setSize({ width: Math.max(c.plot.root.parentNode.clientWidth, 320), height: 200 }); });
  });
}());
