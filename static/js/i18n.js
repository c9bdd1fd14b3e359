/* The words of the page's scripts, in the page's language: the json_script "js-strings"
   that every page carries (core/js_strings.py). Other scripts call
   window.pageText.text(key, values) and window.pageText.count(key, n, values). Numbers
   are written with Latin digits, as the server writes them. */
(function () {
  "use strict";

  var strings = null;
  var rules = null;

  function all() {
    if (strings === null) {
      var source = document.getElementById("js-strings");
      try {
        strings = source ? JSON.parse(source.textContent) : {};
      } catch (e) {
        strings = {};
      }
    }
    return strings;
  }

  function format(template, values) {
    return String(template).replace(/%\((\w+)\)[sd]/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function category(n) {
    if (rules === null) {
      try {
        rules = new Intl.PluralRules(document.documentElement.lang || "en");
      } catch (e) {
        rules = { select: function (k) { return k === 1 ? "one" : "other"; } };
      }
    }
    return rules.select(n);
  }

  window.pageText = {
    // The string under `key`, its %(name)s placeholders filled from `values`.
    text: function (key, values) {
      var found = all()[key];
      return format(typeof found === "string" ? found : key, values);
    },
    // The plural under `key` for the count `n` (as %(n)d), other placeholders from `values`.
    count: function (key, n, values) {
      var forms = all()[key] || {};
      var form = forms[category(n)] || forms.other || key;
      return format(form, Object.assign({ n: n }, values || {}));
    },
  };
})();
