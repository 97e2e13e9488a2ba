/* The report dashboard's charts, drawn with Chart.js (served from the project's static files)
 from the figures the page carries as JSON (#db-data); the tables under the charts hold the
 same figures for screen readers and for a server without the chart library. Numbers are
 written the Vietnamese way (1.418; 95,5). The "Print" button prints the page. */
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  const source = document.getElementById("db-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const numbers = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });
  const colours = ["#007d7e", "#cd4444", "#2e5cb8", "#e38a00", "#6a3d9a", "#1b7a36",
    "#b15928", "#8c564b", "#d62784", "#5f6b7a"];
  const charts = [];

  function values(series) {
    return series.map(function (value) { return value === null ? null : Number(value); });
  }

  function tooltip(context) {
    const value = context.parsed[context.chart.options.indexAxis === "y" ? "x" : "y"];
    return context.dataset.label + ": " + (value === null ? "—" : numbers.format(value));
  }

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (!canvas) { return; }
    config.options = Object.assign({
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      locale: "vi-VN",
      plugins: { tooltip: { callbacks: { label: tooltip } } }
    }, config.options);
    charts.push(new window.Chart(canvas, config));
  }

  const tick = { callback: function (value) { return numbers.format(value); } };

  draw("db-bar", {
    type: "bar",
    data: {
      labels: data.bar.labels,
      datasets: data.bar.series.map(function (series, index) {
        return {
          label: series.label,
          data: values(series.data),
          backgroundColor: index === 0 ? "#007d7e" : "#9fb3c8"
        };
      })
    },
    options: {
      indexAxis: "y",
      scales: {
        x: {
          beginAtZero: true,
          ticks: tick,
          title: { display: !!data.bar.unitLabel, text: data.bar.unitLabel }
        }
      }
    }
  });

  draw("db-line", {
    type: "line",
    data: {
      labels: data.line.labels,
      datasets: data.line.series.map(function (series, index) {
        const colour = colours[index % colours.length];
        return {
          label: series.label,
          data: values(series.data),
          hidden: series.hidden,
          borderColor: colour,
          backgroundColor: colour,
          spanGaps: true
        };
      })
    },
    options: { scales: { y: { beginAtZero: true, ticks: tick } } }
  });

  // Printing narrows the page: redraw the charts at the printed width and back.
  function resize() { charts.forEach(function (chart) { chart.resize(); }); }
  window.addEventListener("beforeprint", resize);
  window.addEventListener("afterprint", resize);
}());
