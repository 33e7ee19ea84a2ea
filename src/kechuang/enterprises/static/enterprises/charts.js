/* ECharts for the enterprise pages. The figures come from enterprises.pools through json_script;
   this file only draws them. */
(function () {
  "use strict";

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function drawFunnel() {
    var el = document.getElementById("tier-funnel");
    var data = readJson("tier-funnel-data");
    if (!el || !data) return;
    var chart = echarts.init(el, null, { renderer: "svg" });
    function series(key, colour, left) {
      return {
        name: data.names[key], type: "funnel", sort: "none", left: left, width: "30%", minSize: "8%",
        label: { show: true, position: "inside", formatter: "{b}\n{c}" }, itemStyle: { color: colour },
        data: data.labels.map(function (label, i) { return { name: label, value: data[key][i] }; })
      };
    }
    chart.setOption({
      animation: false,
      tooltip: { trigger: "item", formatter: "{a}<br>{b}：{c}" },
      legend: { top: 0 },
      series: [series("certified", "#198754", "2%"), series("eligible", "#0d6efd", "35%"), series("pool", "#ffc107", "68%")]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", drawFunnel);
})();
