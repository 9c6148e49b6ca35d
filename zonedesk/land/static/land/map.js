// Parcels drawn from their GeoJSON with ECharts' map series: no tiles, nothing fetched.
(function () {
  "use strict";
  const COLOURS = {
    reserve: "#98a2b3", announced: "#f79009", sold: "#2e90fa", supplied: "#7a5af8",
    producing: "#12b76a", reviewed: "#067647",
  };
  function draw(el) {
    const source = document.getElementById(el.dataset.source);
    if (!source || !window.echarts) return;
    const geo = JSON.parse(source.textContent);
    if (!geo.features.length) { el.hidden = true; return; }
    const name = "parcels-" + el.id;
    echarts.registerMap(name, geo);
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      tooltip: { formatter: (p) => p.data ? p.data.name + " · " + p.data.statusLabel : p.name },
      series: [{
        type: "map", map: name, roam: true, selectedMode: false,
        label: { show: true, fontSize: 11 },
        emphasis: { label: { show: true } },
        data: geo.features.map((f) => ({
          name: f.properties.name, id: f.properties.id, statusLabel: f.properties.status_label,
          itemStyle: { areaColor: COLOURS[f.properties.status] || "#d0d5dd", borderColor: "#344054" },
        })),
      }],
    });
    chart.on("click", (p) => {
      if (p.data && p.data.id) window.location.href = el.dataset.urlTemplate.replace("0", String(p.data.id));
    });
    window.addEventListener("resize", () => chart.resize());
  }
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".parcel-map").forEach(draw);
  });
})();
