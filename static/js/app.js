/* Small progressive enhancements; every page works without them. */
(function () {
  "use strict";

  // The page's words (static/js/i18n.js, core/js_strings.py).
  var words = window.pageText;

  function describe(ms) {
    var minutes = Math.floor(Math.abs(ms) / 60000);
    var days = Math.floor(minutes / 1440);
    var hours = Math.floor((minutes % 1440) / 60);
    var mins = minutes % 60;
    function two(larger, smaller) { return words.text("span", { larger: larger, smaller: smaller }); }
    if (days > 0) return two(words.count("day", days), words.count("hour", hours));
    if (hours > 0) return two(words.count("hour", hours), words.count("minute", mins));
    return words.count("minute", mins);
  }

  function updateCountdowns() {
    var now = Date.now();
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var due = Date.parse(el.getAttribute("data-countdown"));
      if (isNaN(due)) return;
      var left = due - now;
      el.textContent = words.text(left >= 0 ? "left" : "overdue", { span: describe(left) });
      el.classList.toggle("is-overdue", left < 0);
      el.classList.toggle("is-soon", left >= 0 && left < 24 * 3600 * 1000);
    });
  }

  function checkFiles(input) {
    var out = document.querySelector('[data-file-check-for="' + input.id + '"]');
    var max = parseInt(input.getAttribute("data-max-bytes"), 10);
    var allowed = (input.getAttribute("data-allowed-types") || "").split(",");
    var problems = [];
    Array.prototype.forEach.call(input.files || [], function (file) {
      if (max && file.size > max) {
        problems.push(words.text("file_too_large", {
          name: file.name, size: Math.ceil(file.size / 1048576), limit: Math.floor(max / 1048576),
        }));
      } else if (file.size === 0) {
        problems.push(words.text("file_empty", { name: file.name }));
      } else if (file.type && allowed.indexOf(file.type) === -1) {
        problems.push(words.text("file_type", { name: file.name, type: file.type }));
      }
    });
    if (out) {
      out.textContent = problems.join(" ");
      out.classList.toggle("error", problems.length > 0);
    }
    input.setAttribute("aria-invalid", problems.length ? "true" : "false");
    return problems.length === 0;
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches('input[type="file"][data-max-bytes]')) checkFiles(input);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var inputs = form.querySelectorAll('input[type="file"][data-max-bytes]');
    for (var i = 0; i < inputs.length; i++) {
      if (!checkFiles(inputs[i])) {
        event.preventDefault();
        inputs[i].focus();
        return;
      }
    }
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // Progress bars and milestone ticks carry their position as data: the policy allows
  // no inline style attributes, while setting a style from a script file is allowed.
  function placeBars(root) {
    root.querySelectorAll("[data-width]").forEach(function (el) {
      el.style.width = el.getAttribute("data-width") + "%";
    });
    root.querySelectorAll("[data-left]").forEach(function (el) {
      // From the line's start: the left on a left-to-right page, the right on a right-to-left one.
      el.style.insetInlineStart = el.getAttribute("data-left") + "%";
    });
  }
  document.addEventListener("htmx:afterSwap", function (event) { placeBars(event.target); });

  // A finding's (or a meeting's) intent is asked only when the outcome is verified; without
  // scripts the field is always shown and the server says when it is needed.
  function syncIntent(form) {
    var field = form.querySelector(".intent-field");
    if (!field) return;
    var outcome = form.querySelector('input[type="radio"][name$="outcome"]:checked');
    var verified = outcome !== null && outcome.value === "verified";
    field.hidden = !verified;
    if (!verified) {
      field.querySelectorAll("input:checked").forEach(function (input) { input.checked = false; });
    }
  }
  function syncIntents(root) {
    root.querySelectorAll("form").forEach(syncIntent);
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.form && input.matches && input.matches('input[type="radio"][name$="outcome"]')) {
      syncIntent(input.form);
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) { syncIntents(event.target); });

  // Dates and times are typed as the reader's wall clock, 24-hour, in the zone the page
  // names beside the field; the picker only helps fill that text. Both "2026-12-05 14:30"
  // and "2026-12-05T14:30" are read.
  var TYPED = /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})/;
  function pickers(root) {
    if (typeof window.flatpickr !== "function") return;
    root.querySelectorAll("input[data-datetime-picker]").forEach(function (input) {
      if (input._flatpickr) return;
      window.flatpickr(input, {
        enableTime: true,
        time_24hr: true,
        allowInput: true,
        disableMobile: true,
        minuteIncrement: 1,
        dateFormat: "Y-m-d H:i",
        parseDate: function (text) {
          var m = TYPED.exec(String(text).trim());
          return m ? new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) : undefined;
        },
      });
    });
  }
  document.addEventListener("htmx:afterSwap", function (event) { pickers(event.target); });


  // On a narrow screen a data table reads as a list of records, each cell labelled with its
  // column's heading (app.css); the label comes from the header unless the cell has one.
  function labelCells(root) {
    root.querySelectorAll("table").forEach(function (table) {
      var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
      if (!head) return;
      var labels = [];
      Array.prototype.forEach.call(head.cells, function (cell) {
        for (var i = 0; i < (cell.colSpan || 1); i++) labels.push(cell.textContent.trim());
      });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var column = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            if (cell.tagName === "TD" && !cell.hasAttribute("data-label")) {
              cell.setAttribute("data-label", labels[column] || "");
            }
            column += cell.colSpan || 1;
          });
        });
      });
    });
  }
  document.addEventListener("htmx:afterSwap", function () { labelCells(document); });

  // The main menu collapses behind a button on narrow screens (app.css); Escape closes it
  // and gives the focus back to the button. Without scripts the menu simply stays open.
  function setUpMenu() {
    var toggle = document.querySelector("[data-nav-toggle]");
    var menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (!menu) return;
    toggle.closest(".site-header").classList.add("has-toggle");
    function show(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    }
    toggle.addEventListener("click", function () {
      show(toggle.getAttribute("aria-expanded") !== "true");
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        show(false);
        toggle.focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    pickers(document);
    setUpMenu();
    labelCells(document);
    if (window.MutationObserver) {
      // Tables a page's own script fills after loading (the dashboard's weekly numbers).
      var pending = false;
      new MutationObserver(function () {
        if (pending) return;
        pending = true;
        window.requestAnimationFrame(function () { pending = false; labelCells(document); });
      }).observe(document.querySelector("main") || document.body, { childList: true, subtree: true });
    }
    placeBars(document);
    syncIntents(document);
    updateCountdowns();
    window.setInterval(updateCountdowns, 30000);
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  });
})();
