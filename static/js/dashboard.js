/* The dashboard's charts (ECharts, served by the app) and the sortable breakdown table. */
(function () {
  "use strict";
  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  var charts = [];
  function chart(id, option) {
    var node = document.getElementById(id);
    if (!node || !window.echarts) return null;
    var c = window.echarts.init(node);
    c.setOption(option);
    charts.push(c);
    return c;
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });

  var trend = data("trend-data");
  if (trend && trend.years && trend.years.length) {
    var breakdownData = data("breakdown-data");
    var names = {};
    (breakdownData ? breakdownData.figures : []).forEach(function (f) { names[f.key] = f; });
    var series = Object.keys(trend.series).filter(function (k) { return !names[k] || names[k].unit === "%"; })
      .map(function (k) { return { name: names[k] ? names[k].name : k, type: "line", data: trend.series[k], connectNulls: true }; });
    chart("trend-chart", {
      tooltip: { trigger: "axis" }, legend: { type: "scroll", top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 24 },
      xAxis: { type: "category", data: trend.years.map(String) },
      yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
      series: series
    });
  }

  var breakdown = data("breakdown-data");
  var bar = null;
  function drawBreakdown(index) {
    var f = breakdown.figures[index];
    var option = {
      tooltip: { trigger: "axis" }, grid: { left: 48, right: 16, top: 16, bottom: 80 },
      xAxis: { type: "category", data: breakdown.labels, axisLabel: { rotate: 30, interval: 0, width: 110, overflow: "truncate" } },
      yAxis: { type: "value", name: f.unit, axisLabel: f.unit === "%" ? { formatter: "{value}%" } : {} },
      series: [{ name: f.name, type: "bar", data: f.values }]
    };
    if (bar) bar.setOption(option, true); else bar = chart("breakdown-chart", option);
  }
  if (breakdown && breakdown.labels.length) {
    drawBreakdown(0);
    var select = document.getElementById("chart-figure");
    if (select) select.addEventListener("change", function () { drawBreakdown(+select.value); });
  }

  var services = data("services-data");
  if (services && services.categories) {
    chart("services-chart", {
      tooltip: { trigger: "axis" }, legend: { type: "scroll", top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 24 },
      xAxis: { type: "category", data: services.months.map(function (m) { return m + "月"; }) },
      yAxis: { type: "value" },
      series: services.categories.map(function (c) { return { name: c.label, type: "bar", stack: "all", data: c.given }; })
    });
  }

  /* Sortable table: a click on a heading sorts by that column, a second click reverses. */
  var table = document.getElementById("breakdown-table");
  if (table) {
    table.querySelectorAll("thead [data-sort]").forEach(function (button, column) {
      button.addEventListener("click", function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = button.dataset.sort === "number";
        var descending = button.dataset.order !== "desc";
        table.querySelectorAll("thead [data-sort]").forEach(function (b) { delete b.dataset.order; b.removeAttribute("aria-sort"); });
        button.dataset.order = descending ? "desc" : "asc";
        button.closest("th").setAttribute("aria-sort", descending ? "descending" : "ascending");
        rows.sort(function (a, b) {
          var x = a.cells[column].dataset.value, y = b.cells[column].dataset.value;
          if (numeric) {
            x = x === "" ? -Infinity : +x; y = y === "" ? -Infinity : +y;
            return descending ? y - x : x - y;
          }
          return descending ? y.localeCompare(x, "zh") : x.localeCompare(y, "zh");
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
})();
