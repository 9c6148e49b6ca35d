// Distribution charts of the indicators: bars per bin on a value axis, with the statutory and
// zone limits drawn as vertical reference lines (ECharts, served locally).
document.addEventListener("DOMContentLoaded", () => {
  if (!window.echarts) return;
  const colours = ["#b3261e", "#1a7f37", "#7c3aed"];
  document.querySelectorAll("[data-histogram]").forEach((el) => {
    const data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    if (!data.values.length) return;
    const width = Number(data.width), start = Number(data.start);
    const end = start + width * data.values.length;
    const limitMax = Math.max(end, ...data.lines.map((l) => l.value + width));
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      color: ["#1d4ed8"],
      tooltip: { trigger: "item", formatter: (p) => `${data.labels[p.dataIndex]} ${data.unit}: ${p.value[1]}` },
      grid: { top: 28, bottom: 28, left: 36, right: 12 },
      xAxis: { type: "value", min: start, max: limitMax, name: data.unit, nameGap: 4,
               axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{
        type: "bar", barWidth: "92%",
        data: data.values.map((v, i) => [start + width * (i + 0.5), v]),
        markLine: {
          symbol: "none",
          label: { formatter: "{b} {c}", position: "insideEndTop", fontSize: 10 },
          data: data.lines.map((l, i) => ({ name: l.name, xAxis: l.value,
                                            lineStyle: { color: colours[i % colours.length], type: "dashed" } })),
        },
      }],
    });
    window.addEventListener("resize", () => chart.resize());
  });
});
