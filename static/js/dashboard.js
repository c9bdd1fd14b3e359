/* The weekly chart on the dashboard, and the same numbers as a table. */
(function () {
  "use strict";

  var PALETTE = ["#0b5394", "#c2571a", "#2f7d4f", "#7a4bc2", "#5c6b7a"];

  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("chart-data");
    if (!source) return;
    var data = JSON.parse(source.textContent);

    var body = document.getElementById("chart-table");
    if (body) {
      data.labels.forEach(function (label, i) {
        var row = document.createElement("tr");
        var th = document.createElement("th");
        th.scope = "row";
        th.textContent = label;
        row.appendChild(th);
        data.datasets.forEach(function (ds) {
          var td = document.createElement("td");
          td.className = "num";
          td.textContent = ds.data[i];
          row.appendChild(td);
        });
        body.appendChild(row);
      });
    }

    var canvas = document.getElementById("claims-chart");
    if (!canvas || typeof Chart === "undefined") return;
    var chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (ds, i) {
          return {
            label: ds.label,
            data: ds.data,
            backgroundColor: PALETTE[i % PALETTE.length],
          };
        }),
      },
      options: {
        // The page's language, with Latin digits as in the table and the rest of the page.
        locale: (document.documentElement.lang || "en") + "-u-nu-latn",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: true, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        },
        plugins: { legend: { position: "bottom", rtl: document.documentElement.dir === "rtl" } },
      },
    });
    canvas.setAttribute("data-ready", "true");
    window.claimsChart = chart;
  });
})();
