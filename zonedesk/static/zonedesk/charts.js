// Renders every [data-chart] element with ECharts (served locally) from a json_script block.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.echarts) return;
  const palette = ["#b3261e", "#1d4ed8", "#b7791f", "#1a7f37", "#7c3aed", "#0e7490", "#be185d", "#4b5563"];
  document.querySelectorAll("[data-chart]").forEach((el) => {
    const data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    const chart = echarts.init(el, null, { renderer: "svg" });
    const title = { text: el.dataset.title, left: "center", textStyle: { fontSize: 14 } };
    let option;
    if (el.dataset.chart === "pie") {
      option = { color: palette, title, tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["35%", "65%"], top: 30, data, label: { formatter: "{b}: {c}" } }] };
    } else {
      option = { color: palette, title, tooltip: { trigger: "axis" }, grid: { top: 40, bottom: 30, left: 40, right: 10 },
        xAxis: { type: "category", data: data.labels,
          // Every label under a few bars; past that ECharts skips some rather than overlap them.
          axisLabel: data.labels.length > 8 ? { interval: "auto", hideOverlap: true } : { interval: 0 } }, yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "bar", data: data.values, barMaxWidth: 36 }] };
    }
    chart.setOption(option);
    window.addEventListener("resize", () => chart.resize());
  });
});
