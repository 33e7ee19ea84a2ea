/* ECharts for the supervision parts of the pages: the units' scorecard ranking as a bar chart.
   Each chart box names, in data-ranking-chart, the json_script element with its series
   ({units, scores} and optionally urls, opened on a click where not null); the series come from the selectors. */
(function () {
  "use strict";

  function drawRanking(box) {
    var node = document.getElementById(box.dataset.rankingChart);
    if (!node) return;
    var data = JSON.parse(node.textContent);
    var chart = echarts.init(box);
    chart.setOption({
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", max: 100 },
      yAxis: { type: "category", inverse: true, data: data.units },
      tooltip: { trigger: "axis" },
      series: [{ type: "bar", data: data.scores, label: { show: true, position: "right" } }]
    });
    if (data.urls) {
      // A unit's drill-down is linked only where the user may open it (null otherwise).
      chart.on("click", function (params) {
        var url = data.urls[params.dataIndex];
        if (url) window.location = url;
      });
    }
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-ranking-chart]").forEach(drawRanking);
  });
})();
