// Distribution charts of the indicators: one bar per bin [low, high) on a value axis, with the
// statutory and zone limits drawn as vertical reference lines (ECharts, served locally). Bars
// are sized to their bin in pixels, so one bin does not fill the chart.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.echarts) return;
  const colours = ["#b3261e", "#1a7f37", "#7c3aed"];
  const integer = (v) => (Number.isInteger(v) ? v.toLocaleString() : "");
  document.querySelectorAll("[data-histogram]").forEach((el) => {
    const data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    if (!data.values.length) return;
    const width = Number(data.width), start = Number(data.start);
    // The axis spans the bins and every reference line, so a limit below the fastest case shows.
    // One bin alone (every case the same) sits in the middle of a few empty ones.
    const pad = data.values.length === 1 ? 2 * width : 0;
    const low = Math.min(start - pad, ...data.lines.map((l) => Math.floor(l.value / width) * width));
    const end = Math.max(start + width * data.values.length + pad, ...data.lines.map((l) => l.value + width));
    const chart = echarts.init(el, null, { renderer: "svg" });
    const option = {
      color: ["#1d4ed8"],
      tooltip: { trigger: "item", formatter: (p) => `${data.labels[p.dataIndex]} ${data.unit}：${p.value[1]}` },
      grid: { top: 28, bottom: 28, left: 36, right: 16, containLabel: true },
      xAxis: { type: "value", min: low, max: end, minInterval: width, name: data.unit, nameGap: 4,
               axisLabel: { hideOverlap: true, formatter: integer } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{
        type: "bar",
        data: data.values.map((v, i) => [start + width * (i + 0.5), v]),
        markLine: {
          symbol: "none",
          label: { formatter: "{b} {c}", position: "insideEndTop", fontSize: 10 },
          data: data.lines.map((l, i) => ({ name: l.name, xAxis: l.value,
                                            lineStyle: { color: colours[i % colours.length], type: "dashed" } })),
        },
      }],
    };
    const size = () => {
      const px = chart.convertToPixel({ xAxisIndex: 0 }, start + width) - chart.convertToPixel({ xAxisIndex: 0 }, start);
      chart.setOption({ series: [{ barWidth: Math.max(2, px * 0.9) }] });
    };
    chart.setOption(option);
    size();
    window.addEventListener("resize", () => { chart.resize(); size(); });
  });
});
