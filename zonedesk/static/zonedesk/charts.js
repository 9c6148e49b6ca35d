// Renders every [data-chart] element with ECharts (served locally) from a json_script block.
// On a narrow element (a phone, ≤ 520 px) nothing may overlap or be cut: the title wraps, bar
// labels turn and shorten, and a pie names its slices in a legend under it (the element grows
// to hold it) instead of labels around it that the edge would cut.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.echarts) return;
  const palette = ["#b3261e", "#1d4ed8", "#b7791f", "#1a7f37", "#7c3aed", "#0e7490", "#be185d", "#4b5563"];
  const NARROW = 520;

  function option(el, data) {
    const width = el.clientWidth || 320;
    const narrow = width <= NARROW;
    const title = { text: el.dataset.title, left: "center",
      textStyle: { fontSize: 14, width: width - 16, overflow: "break", lineHeight: 18 } };
    // a wrapped title takes two lines: the plot starts below it
    const titleLines = narrow && el.dataset.title && el.dataset.title.length * 7.5 > width - 16 ? 2 : 1;
    const top = 22 + titleLines * 18;
    if (el.dataset.chart === "pie") {
      if (!narrow) {
        return { color: palette, title, tooltip: { trigger: "item" },
          series: [{ type: "pie", radius: ["35%", "65%"], top: 30, data, label: { formatter: "{b}: {c}" } }] };
      }
      const values = new Map(data.map((d) => [d.name, d.value]));
      const plot = 200;
      el.style.height = `${top + plot + 16 + data.length * 22}px`;
      return { color: palette, title, tooltip: { trigger: "item", confine: true },
        legend: { orient: "vertical", left: 8, top: top + plot + 8, itemGap: 6, icon: "circle",
          formatter: (name) => `${name}: ${values.get(name)}`,
          textStyle: { width: width - 48, overflow: "truncate" } },
        series: [{ type: "pie", radius: [40, 88], center: ["50%", top + plot / 2], data, label: { show: false } }] };
    }
    const many = data.labels.length > 8;
    const turned = narrow && data.labels.some((label) => String(label).length * 7 > (width - 56) / data.labels.length);
    let axisLabel;
    if (turned) {
      // Turned labels need no room side by side; each is cut to a width the grid leaves under it.
      axisLabel = { interval: many ? "auto" : 0, hideOverlap: true, rotate: 40, fontSize: 11, width: 84, overflow: "truncate" };
    } else {
      // Every label under a few bars; past that ECharts skips some rather than overlap them.
      axisLabel = many ? { interval: "auto", hideOverlap: true } : { interval: 0 };
    }
    return { color: palette, title, tooltip: { trigger: "axis", confine: true },
      // a turned label reaches left of its bar: the first one needs room before the axis
      grid: { top: top + 8, bottom: 8, left: turned ? 44 : 8, right: 12, containLabel: true },
      xAxis: { type: "category", data: data.labels, axisLabel },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: data.values, barMaxWidth: 36 }] };
  }

  // Zone data in a chart (a department's or an industry's Chinese name, perhaps shortened to fit)
  // is Chinese text on an English page: it carries its language, as every such text does.
  const english = (document.documentElement.lang || "").startsWith("en");
  const han = /[\u3400-\u4dbf\u4e00-\u9fff]/;
  function markChinese(el) {
    if (!english) return;
    el.querySelectorAll("svg text").forEach((text) => {
      if (han.test(text.textContent)) text.setAttribute("lang", "zh-Hans");
    });
  }

  document.querySelectorAll("[data-chart]").forEach((el) => {
    const data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    const narrowAtStart = (el.clientWidth || 320) <= NARROW;
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.on("finished", () => markChinese(el));
    chart.setOption(option(el, data));
    chart.resize();
    markChinese(el);
    window.addEventListener("resize", () => {
      const narrow = (el.clientWidth || 320) <= NARROW;
      if (narrow !== narrowAtStart || narrow) {
        if (!narrow) el.style.height = "";
        chart.setOption(option(el, data), true);
      }
      chart.resize();
    });
  });
});
