/* Charts of the party records page and the report, from the json_script "records-data":
   the same figures as the tables beside them. */
(function () {
  "use strict";

  var PALETTE = ["#0b5394", "#c2571a", "#2f7d4f", "#7a4bc2", "#5c6b7a"];
  var STATUS_COLOURS = {
    met: "#1a7f37", on_track: "#0b5394", at_risk: "#d4a72c", overdue: "#c2571a", missed: "#a40e26",
  };

  function bar(canvas, labels, datasets, options) {
    return new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: Object.assign({
        // The page's language, with Latin digits as in the tables beside the charts.
        locale: (document.documentElement.lang || "en") + "-u-nu-latn",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: "bottom", rtl: document.documentElement.dir === "rtl" } },
      }, options || {}),
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("records-data");
    if (!source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var charts = {};

    var months = document.querySelector("canvas[data-chart='months']");
    if (months) {
      charts.months = bar(months, data.months, data.parties.map(function (p, i) {
        return { label: p.name, data: p.by_month, backgroundColor: PALETTE[i % PALETTE.length] };
      }), { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } });
    }

    var categories = document.querySelector("canvas[data-chart='categories']");
    if (categories) {
      charts.categories = bar(
        categories,
        data.categories.map(function (c) { return c.label; }),
        data.parties.map(function (p, i) {
          return {
            label: p.name,
            data: data.categories.map(function (c) { return p.by_category[c.code] || 0; }),
            backgroundColor: PALETTE[i % PALETTE.length],
          };
        }),
        { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
      );
    }

    var commitments = document.querySelector("canvas[data-chart='commitments']");
    if (commitments) {
      charts.commitments = bar(
        commitments,
        data.parties.map(function (p) { return p.name; }),
        data.statuses.map(function (s) {
          return {
            label: s.label,
            data: data.parties.map(function (p) { return p.commitments[s.code]; }),
            backgroundColor: STATUS_COLOURS[s.code] || "#5c6b7a",
          };
        }),
        {
          indexAxis: "y",
          scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
        }
      );
    }

    Object.keys(charts).forEach(function (name) {
      charts[name].canvas.setAttribute("data-ready", "true");
    });
    window.recordCharts = charts;
  });
})();
