/* Maps without a tile server, all from static/: the two countries' outlines, their provinces
   (Natural Earth admin-1) and place names (GeoNames towns), under the records. Boundaries are
   shown without endorsement.

   Every map has a layer control. Another layer joins it through addOverlay(map, name, layer),
   or, from another script, by listening for the "maps:ready" event on the map's element
   (event.detail.map, event.detail.addOverlay). */
(function () {
  "use strict";

  var ATTRIBUTION = "Natural Earth; GeoNames (CC BY 4.0)";
  var files = {};
  // The page's words (static/js/i18n.js, core/js_strings.py).
  var words = window.pageText;

  function loadJSON(url) {
    if (!url) return Promise.reject(new Error("no url"));
    if (!files[url]) {
      files[url] = fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error(url + " " + r.status);
        return r.json();
      });
    }
    return files[url];
  }

  function addOverlay(map, name, layer, shown) {
    if (shown !== false) layer.addTo(map);
    map.layerControl.addOverlay(layer, name);
    return layer;
  }

  // Province borders, named on hover; clicks pass through to the map (the picker needs them).
  function provincesLayer(geojson) {
    return L.geoJSON(geojson, {
      style: { color: "#829ab1", weight: 0.8, dashArray: "3 3", fill: true, fillOpacity: 0 },
      onEachFeature: function (feature, layer) {
        layer.bindTooltip(feature.properties.name, { sticky: true, className: "province-label" });
      },
    });
  }

  // Place names, more of them as one zooms in: the gazetteer is sorted by population.
  function placesLayer(map, data) {
    var group = L.layerGroup();
    function minimum(zoom) {
      if (zoom < 6) return 1000000;
      if (zoom < 7) return 200000;
      if (zoom < 8) return 50000;
      if (zoom < 9) return 10000;
      return 0;
    }
    function draw() {
      group.clearLayers();
      var floor = minimum(map.getZoom());
      var bounds = map.getBounds().pad(0.1);
      data.places.forEach(function (p) {
        if (p[4] < floor || !bounds.contains([p[1], p[2]])) return;
        L.circleMarker([p[1], p[2]], {
          radius: 2, weight: 1, color: "#243b53", fillColor: "#243b53", fillOpacity: 1,
          interactive: false, className: "place-point",
        }).bindTooltip(p[0], {
          permanent: true, direction: "right", offset: [3, 0], className: "place-label",
        }).addTo(group);
      });
    }
    map.on("zoomend moveend", function () { if (map.hasLayer(group)) draw(); });
    group.on("add", draw);
    return group;
  }

  function baseMap(el) {
    var map = L.map(el, {
      zoomSnap: 0.25, maxZoom: 12, attributionControl: true, keyboard: true, zoomControl: false,
    });
    L.control.zoom({ zoomInTitle: words.text("zoom_in"), zoomOutTitle: words.text("zoom_out") }).addTo(map);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(ATTRIBUTION);
    // Open beside a wide map; folded into its button on a narrow one (a phone, a side column).
    map.layerControl = L.control.layers(null, null, { collapsed: el.clientWidth < 560 }).addTo(map);
    var toggle = map.layerControl.getContainer().querySelector(".leaflet-control-layers-toggle");
    if (toggle) {
      toggle.title = words.text("layers");
      toggle.querySelectorAll(".leaflet-sr-only").forEach(function (s) { s.textContent = words.text("layers"); });
    }
    map.on("popupopen", function (event) {
      var close = event.popup.getElement() && event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", words.text("close_popup"));
    });
    map.setView([32.5, 68.5], 5);
    var outline = loadJSON(el.getAttribute("data-outline")).then(function (geojson) {
      var layer = L.geoJSON(geojson, {
        interactive: false,
        style: { color: "#486581", weight: 1.2, fillColor: "#f0f4f8", fillOpacity: 1 },
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    }, function () {});
    var provinces = loadJSON(el.getAttribute("data-provinces")).then(function (geojson) {
      addOverlay(map, words.text("regional_borders"), provincesLayer(geojson));
    }, function () {});
    var places = loadJSON(el.getAttribute("data-places")).then(function (data) {
      addOverlay(map, words.text("towns"), placesLayer(map, data));
    }, function () {});
    return Promise.all([outline, provinces, places]).then(function () { return map; });
  }

  function announce(el, map) {
    el.setAttribute("data-ready", "true");
    el.dispatchEvent(new CustomEvent("maps:ready", {
      detail: { map: map, addOverlay: function (name, layer, shown) {
        return addOverlay(map, name, layer, shown);
      } },
    }));
  }

  /* Claims by status group, each group a layer of its own (so that verified claims no longer
     hide the rest) that clusters its markers. The colours and the names are the legend's
     (the names: "group_<key>" among the page's words). */
  var GROUPS = [
    { key: "verified", colour: "#b42318", statuses: ["verified"] },
    { key: "disputed", colour: "#7a4bc2", statuses: ["disputed"] },
    { key: "open", colour: "#0b5394", statuses: ["submitted", "under_review"] },
    { key: "closed", colour: "#5c6b7a", statuses: ["not_verified", "inconclusive"] },
    { key: "other", colour: "#9aa5b1", statuses: ["draft", "withdrawn"] },
  ];

  // A layer's name in the control: a swatch (markup of ours, no user text) and the
  // escaped, translated name with its count.
  function layerName(dotClass, label, count) {
    var name = document.createElement("span");
    name.textContent = words.text("layer_count", { layer: label, count: count });
    return '<span class="dot ' + dotClass + '"></span> ' + name.innerHTML;
  }

  function groupOf(status) {
    for (var i = 0; i < GROUPS.length; i++) {
      if (GROUPS[i].statuses.indexOf(status) >= 0) return GROUPS[i];
    }
    return GROUPS[GROUPS.length - 1];
  }

  function clusterLayer(group) {
    var make = typeof L.markerClusterGroup === "function"
      ? function (options) { return L.markerClusterGroup(options); }
      : function () { return L.featureGroup(); };
    return make({
      showCoverageOnHover: false,
      maxClusterRadius: 40,
      iconCreateFunction: function (cluster) {
        var n = cluster.getChildCount();
        var size = n < 10 ? 30 : n < 100 ? 36 : 44;
        return L.divIcon({
          html: "<span>" + n + "</span>",
          className: "claim-cluster cluster-" + group.key,
          iconSize: L.point(size, size),
        });
      },
    });
  }

  // The popup of a claim: its reference (a link), status, category, date and parties.
  // Point: [reference, lat, lon, status, category, occurred (ISO 8601, UTC), reporting,
  // accused]; `statuses` names each status in the page's language.
  function claimPopup(base, statuses, p) {
    var box = document.createElement("div");
    box.className = "claim-popup";
    var link = document.createElement("a");
    link.href = base + encodeURIComponent(p[0]) + "/";
    link.textContent = p[0];
    var title = document.createElement("strong");
    title.appendChild(link);
    box.appendChild(title);
    var occurred = p[5] ? words.text("in_utc", { time: String(p[5]).slice(0, 16).replace("T", " ") }) : "";
    [statuses[p[3]] || p[3], p[4], occurred, p[6] && p[7] ? words.text("parties", { reporting: p[6], accused: p[7] }) : ""].forEach(function (text) {
      if (!text) return;
      var line = document.createElement("div");
      line.textContent = text;
      box.appendChild(line);
    });
    return box;
  }

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
        " · " + words.text(d[3] ? "denied_still" : "denied_ended", { party: d[4] })
      ));
      marker.bindPopup(box);
    });
    addOverlay(map, layerName("denial-dot", words.text("access_denied"), denials.length), layer);
    el.setAttribute("data-denials", String(denials.length));
  }

  function initClaimsMap(el) {
    var data = JSON.parse(document.getElementById("map-data").textContent);
    var base = el.getAttribute("data-claim-url");
    baseMap(el).then(function (map) {
      var layers = {};
      var counts = {};
      GROUPS.forEach(function (g) { layers[g.key] = clusterLayer(g); counts[g.key] = 0; });
      data.points.forEach(function (p) {
        var group = groupOf(p[3]);
        counts[group.key] += 1;
        L.circleMarker([p[1], p[2]], {
          radius: 6,
          color: "#ffffff",
          weight: 1,
          fillColor: group.colour,
          fillOpacity: 0.9,
          className: "claim-point status-" + p[3],
        }).bindPopup(claimPopup(base, data.statuses || {}, p)).addTo(layers[group.key]);
      });
      GROUPS.forEach(function (g) {
        if (!counts[g.key]) return;
        addOverlay(map, layerName("status-dot-" + g.key, words.text("group_" + g.key), counts[g.key]), layers[g.key]);
      });
      el.setAttribute("data-points", String(data.points.length));
      addDenialLayer(el, map);
      announce(el, map);
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
        map.setView([lat, lon], 8);
      }
      announce(el, map);
    });
  }

  /* The reverse look-up of a chosen point (server side, core/geo): its province and nearest
     town, and a warning, never a refusal, when the typed place, province or district say
     otherwise. */
  function lookup(wrapper, fields) {
    var where = wrapper.querySelector("[data-lookup-where]");
    var warnings = wrapper.querySelector("[data-lookup-warnings]");
    var url = wrapper.getAttribute("data-locate-url");
    var pending = null;

    function show(result) {
      var values = {
        province: result.province ? result.province.name : "",
        town: result.place ? result.place.name : "",
        km: result.place ? Math.round(result.place.distance_km) : "",
      };
      var key = (result.province ? "lies_in" : "lies_outside") + (result.place ? "_town" : "");
      where.textContent = words.text(key, values);
      where.setAttribute("data-province", result.province ? result.province.name : "");
      where.setAttribute("data-place", result.place ? result.place.name : "");
      warnings.textContent = "";
      result.warnings.forEach(function (w) {
        var p = document.createElement("p");
        p.setAttribute("data-field", w.field);
        p.textContent = w.message;
        warnings.appendChild(p);
      });
      warnings.hidden = result.warnings.length === 0;
    }

    return function (latlng) {
      if (!url || !where) return;
      var params = new URLSearchParams({ lat: latlng.lat.toFixed(5), lon: latlng.lng.toFixed(5) });
      Object.keys(fields).forEach(function (name) {
        if (fields[name] && fields[name].value) params.set(name, fields[name].value);
      });
      var request = fetch(url + "?" + params.toString(), {
        credentials: "same-origin", headers: { Accept: "application/json" },
      }).then(function (r) { return r.ok ? r.json() : null; });
      pending = request;
      request.then(function (result) {
        if (result && request === pending) show(result);
      }, function () {});
    };
  }

  function initPicker(wrapper) {
    var latInput = document.querySelector(wrapper.getAttribute("data-lat"));
    var lonInput = document.querySelector(wrapper.getAttribute("data-lon"));
    var fields = {};
    [["place_name", "data-place"], ["province", "data-province"], ["district", "data-district"]]
      .forEach(function (pair) {
        var selector = wrapper.getAttribute(pair[1]);
        if (selector) fields[pair[0]] = document.querySelector(selector);
      });
    var el = wrapper.querySelector(".map");
    var marker = null;
    var check = lookup(wrapper, fields);

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
        check(latlng);
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
      Object.keys(fields).forEach(function (name) {
        if (!fields[name]) return;
        fields[name].addEventListener("change", function () {
          var latlng = read();
          if (latlng) check(latlng);
        });
      });
      var start = read();
      if (start) place(start, true);
      announce(el, map);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") return;
    document.querySelectorAll("[data-claims-map]").forEach(initClaimsMap);
    document.querySelectorAll("[data-point-map]").forEach(initPointMap);
    document.querySelectorAll("[data-map-picker]").forEach(initPicker);
  });
})();
