/* Milestone rows of the commitment form: "Add a milestone" copies the empty row from its
   <template> and counts it in the formset's TOTAL_FORMS; "Remove" ticks the row's removal
   box and hides the row, so the server drops it as it would without this script. */
(function () {
  "use strict";

  function enhanceRow(row, list) {
    var box = row.querySelector('input[type="checkbox"][name$="-DELETE"]');
    if (!box || row.querySelector("[data-milestone-remove]")) { return; }
    var wrapper = box.closest(".milestone-remove");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button secondary milestone-remove-button";
    button.dataset.milestoneRemove = "";
    button.textContent = window.pageText.text("remove");
    button.addEventListener("click", function () {
      box.checked = true;
      row.hidden = true;
      var add = list.parentElement.querySelector("[data-milestone-add]");
      if (add) { add.focus(); }
    });
    if (wrapper) { wrapper.hidden = true; }
    row.appendChild(button);
    if (box.checked) { row.hidden = true; }
  }

  function setUp(block) {
    if (block.dataset.enhanced) { return; }
    block.dataset.enhanced = "1";
    var list = block.querySelector("[data-milestone-rows]");
    var template = block.querySelector("[data-milestone-template]");
    var add = block.querySelector("[data-milestone-add]");
    var total = block.querySelector('input[name$="-TOTAL_FORMS"]');
    if (!list || !template || !add || !total) { return; }
    list.querySelectorAll("[data-milestone-row]").forEach(function (row) { enhanceRow(row, list); });
    add.hidden = false;
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10) || 0;
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("ol");
      holder.innerHTML = html.trim();
      var row = holder.firstElementChild;
      list.appendChild(row);
      total.value = String(index + 1);
      enhanceRow(row, list);
      var first = row.querySelector("input");
      if (first) { first.focus(); }
    });
  }

  function init(root) {
    (root || document).querySelectorAll("[data-milestones]").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
