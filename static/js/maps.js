/* Maps without a tile server: the two countries' outlines (Natural Earth, from static/)
   under the claims. Boundaries are shown without endorsement. */
(function () {
  "use strict";

  var ATTRIBUTION = "Outlines: Natural Earth";
  var outlines = {};

  function loadOutline(url) {
    if (!outlines[url]) {
      outlines[url] = fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error("outline " + r.status);
        return r.json();
      });
    }
    return outlines[url];
  }

  function baseMap(el) {
    var map = L.map(el, { zoomSnap: 0.25, attributionControl: true, keyboard: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(ATTRIBUTION);
    map.setView([32.5, 68.5], 5);
    return loadOutline(el.getAttribute("data-outline")).then(function (geojson) {
      var layer = L.geoJSON(geojson, {
        interactive: false,
        style: { color: "#486581", weight: 1.2, fillColor: "#f0f4f8", fillOpacity: 1 },
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      return map;
    }, function () { return map; });
  }

  var STATUS_COLOURS = {
    verified: "#b42318",
    disputed: "#7a4bc2",
    submitted: "#0b5394",
    under_review: "#0b5394",
    not_verified: "#5c6b7a",
    inconclusive: "#5c6b7a",
    draft: "#9aa5b1",
    withdrawn: "#9aa5b1",
  };

  // The access-denied layer: where a party kept the verifiers out, open ones solid,
  // ended ones hollow; switched on and off with the map's layer control.
  function addDenialLayer(el, map) {
    var source = document.getElementById("map-denials");
    if (!source) return;
    var denials = JSON.parse(source.textContent);
    var base = el.getAttribute("data-denial-url");
    var layer = L.layerGroup();
    denials.forEach(function (d) {
      var marker = L.circleMarker([d[1], d[2]], {
        radius: 7,
        color: "#d97706",
        weight: 3,
        fillColor: "#d97706",
        fillOpacity: d[3] ? 0.6 : 0,
        className: "denial-point" + (d[3] ? " denial-open" : " denial-ended"),
      }).addTo(layer);
      var link = document.createElement("a");
      link.href = base + encodeURIComponent(d[0]) + "/";
      link.textContent = d[0];
      var box = document.createElement("div");
      box.appendChild(link);
      box.appendChild(document.createTextNode(
        " · access denied by " + d[4] + (d[3] ? " (still denied)" : " (access granted since)")
      ));
      marker.bindPopup(box);
    });
    layer.addTo(map);
    L.control.layers(null, { "Access denied": layer }, { collapsed: false }).addTo(map);
    el.setAttribute("data-denials", String(denials.length));
  }

  function initClaimsMap(el) {
    var data = JSON.parse(document.getElementById("map-data").textContent);
    var base = el.getAttribute("data-claim-url");
    baseMap(el).then(function (map) {
      // Verified last, so that they are drawn on top.
      var points = data.points.slice().sort(function (a, b) {
        return (a[3] === "verified") - (b[3] === "verified");
      });
      points.forEach(function (p) {
        var marker = L.circleMarker([p[1], p[2]], {
          radius: p[3] === "verified" ? 6 : 5,
          color: "#ffffff",
          weight: 1,
          fillColor: STATUS_COLOURS[p[3]] || "#9aa5b1",
          fillOpacity: 0.85,
          className: "claim-point status-" + p[3],
        }).addTo(map);
        var link = document.createElement("a");
        link.href = base + encodeURIComponent(p[0]) + "/";
        link.textContent = p[0];
        var box = document.createElement("div");
        box.appendChild(link);
        box.appendChild(document.createTextNode(" · " + p[4]));
        marker.bindPopup(box);
      });
      el.setAttribute("data-points", String(points.length));
      addDenialLayer(el, map);
      el.setAttribute("data-ready", "true");
    });
  }

  function initPointMap(el) {
    baseMap(el).then(function (map) {
      var lat = parseFloat(el.getAttribute("data-lat"));
      var lon = parseFloat(el.getAttribute("data-lon"));
      if (!isNaN(lat) && !isNaN(lon)) {
        L.circleMarker([lat, lon], {
          radius: 7, color: "#102a43", weight: 2, fillColor: "#b42318", fillOpacity: 0.9,
        }).addTo(map).bindTooltip(el.getAttribute("data-label") || "");
        map.setView([lat, lon], 6);
      }
      el.setAttribute("data-ready", "true");
    });
  }

  function initPicker(wrapper) {
    var latInput = document.querySelector(wrapper.getAttribute("data-lat"));
    var lonInput = document.querySelector(wrapper.getAttribute("data-lon"));
    var el = wrapper.querySelector(".map");
    var marker = null;

    function read() {
      var lat = parseFloat(latInput.value);
      var lon = parseFloat(lonInput.value);
      if (isNaN(lat) || isNaN(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
      return L.latLng(lat, lon);
    }

    baseMap(el).then(function (map) {
      function place(latlng, pan) {
        if (!marker) {
          marker = L.circleMarker(latlng, {
            radius: 8, color: "#102a43", weight: 2, fillColor: "#f0b400", fillOpacity: 1,
            className: "picker-marker",
          }).addTo(map);
        } else {
          marker.setLatLng(latlng);
        }
        el.setAttribute("data-marker", latlng.lat.toFixed(5) + "," + latlng.lng.toFixed(5));
        if (pan) map.panTo(latlng);
      }

      map.on("click", function (event) {
        latInput.value = event.latlng.lat.toFixed(5);
        lonInput.value = event.latlng.lng.toFixed(5);
        place(event.latlng, false);
      });
      [latInput, lonInput].forEach(function (input) {
        input.addEventListener("input", function () {
          var latlng = read();
          if (latlng) place(latlng, true);
        });
      });
      var start = read();
      if (start) place(start, true);
      el.setAttribute("data-ready", "true");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") return;
    document.querySelectorAll("[data-claims-map]").forEach(initClaimsMap);
    document.querySelectorAll("[data-point-map]").forEach(initPointMap);
    document.querySelectorAll("[data-map-picker]").forEach(initPicker);
  });
})();
