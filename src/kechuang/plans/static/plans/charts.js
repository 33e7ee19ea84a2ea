/* ECharts for the plans pages. The series come from plans.selectors through json_script; this file
   only draws them. */
(function () {
  "use strict";

  var STATUS_COLOURS = {
    achieved: "#198754", on_track: "#0d6efd", at_risk: "#ffc107", off_track: "#dc3545", unknown: "#6c757d"
  };

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function drawSparklines() {
    var series = readJson("plan-sparklines");
    if (!series) return;
    document.querySelectorAll("[data-sparkline]").forEach(function (el) {
      var points = series[el.dataset.sparkline] || [];
      if (!points.length) return;
      var chart = echarts.init(el, null, { renderer: "svg" });
      chart.setOption({
        animation: false,
        grid: { left: 2, right: 2, top: 4, bottom: 4 },
        xAxis: { type: "value", show: false, min: "dataMin", max: "dataMax" },
        yAxis: { type: "value", show: false, scale: true },
        tooltip: { trigger: "axis", confine: true, formatter: function (items) {
          return items.map(function (p) { return p.value[0] + "：" + p.value[1]; }).join("<br>");
        } },
        series: [{
          name: "trend", type: "line", data: points, symbol: points.length > 1 ? "none" : "circle",
          lineStyle: { width: 1.5, color: STATUS_COLOURS[el.dataset.status] || STATUS_COLOURS.unknown },
          itemStyle: { color: STATUS_COLOURS[el.dataset.status] || STATUS_COLOURS.unknown }
        }]
      });
    });
  }

  function drawIndicatorChart() {
    var el = document.getElementById("indicator-chart");
    if (!el) return;
    var data = readJson(el.dataset.chart);
    var L = readJson(el.dataset.labels);
    var years = data.years.length ? data.years : [data.as_of];
    var unit = data.unit ? "（" + data.unit + "）" : "";
    var series = [
      { name: L.expected, type: "line", data: data.expected, symbol: "none", lineStyle: { type: "dashed", color: "#6c757d" },
        itemStyle: { color: "#6c757d" } },
      { name: L.actual, type: "line", data: data.actual, symbolSize: 8, lineStyle: { width: 3, color: "#0d6efd" },
        itemStyle: { color: "#0d6efd" },
        markLine: { symbol: "none", silent: true, lineStyle: { color: "#adb5bd" }, label: { formatter: L.as_of + " {c}" },
          data: [{ xAxis: data.as_of }] } },
      { name: L.forecast, type: "line", data: data.forecast_line, symbol: "emptyCircle",
        lineStyle: { type: "dotted", width: 2, color: "#fd7e14" }, itemStyle: { color: "#fd7e14" } },
      { name: L.target, type: "scatter", symbol: "diamond", symbolSize: 14, itemStyle: { color: "#dc3545" },
        data: data.targets.filter(function (t) { return t.year !== null; }).map(function (t) { return [t.year, t.value]; }) }
    ];
    if (data.baseline && data.baseline.year !== null) {
      series.push({ name: L.baseline, type: "scatter", symbolSize: 10, itemStyle: { color: "#6f42c1" },
        data: [[data.baseline.year, data.baseline.value]] });
    }
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 60, right: 30, top: 40, bottom: 30 },
      xAxis: { type: "value", min: years[0], max: years[years.length - 1], minInterval: 1,
        axisLabel: { formatter: function (v) { return String(v); } } },
      yAxis: { type: "value", name: unit, scale: true },
      series: series
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawSparklines();
    drawIndicatorChart();
  });
})();
