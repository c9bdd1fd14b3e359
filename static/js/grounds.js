/* The penalty form's grounds: a text filter over the listed claims and commitments.
   Without this script every ground is listed and can be ticked; with it, the filter
   shows the items whose reference, category or kind, date or status contain every word
   typed. Ticked items stay listed, so a choice is never hidden. */
(function () {
  "use strict";

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function setUp(picker) {
    if (picker.dataset.enhanced) { return; }
    picker.dataset.enhanced = "1";
    var filter = picker.querySelector("[data-ground-filter]");
    var input = picker.querySelector("[data-ground-filter-input]");
    var count = picker.querySelector("[data-ground-count]");
    var none = picker.querySelector("[data-ground-none]");
    var items = Array.prototype.slice.call(picker.querySelectorAll("[data-ground-item]"));
    if (!filter || !input || !items.length) { return; }

    function apply() {
      var wanted = words(input.value);
      var shown = 0;
      var chosen = 0;
      items.forEach(function (item) {
        var box = item.querySelector('input[type="checkbox"]');
        var text = (item.dataset.groundText || "").toLowerCase();
        var matches = wanted.every(function (word) { return text.indexOf(word) !== -1; });
        var ticked = box && box.checked;
        item.hidden = !(matches || ticked);
        if (!item.hidden) { shown += 1; }
        if (ticked) { chosen += 1; }
      });
      if (none) { none.hidden = shown > 0; }
      if (count) {
        count.textContent = window.pageText.text("ground_count", {
          shown: shown, total: items.length, chosen: chosen,
        });
      }
    }

    filter.hidden = false;
    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (event) {
      // Enter in the filter must not submit the penalty.
      if (event.key === "Enter") { event.preventDefault(); }
    });
    picker.addEventListener("change", function (event) {
      if (event.target !== input) { apply(); }
    });
    apply();
  }

  function init(root) {
    (root || document).querySelectorAll("[data-ground-picker]").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
