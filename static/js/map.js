/* 站、家地图: Leaflet (served by the app) over the deployment's tile server; the points come from
   /map/points.geojson for the view on screen, as single points or, when there are many, clusters. */
(function () {
  "use strict";
  var node = document.getElementById("map-config");
  if (!node || !window.L) return;
  var config = JSON.parse(node.textContent);
  var text = config.text;
  var status = document.getElementById("map-status");

  function say(template, n) {
    status.textContent = template.replace("%(n)s", n === undefined ? "" : String(n));
  }
  function escapeHtml(value) {
    var box = document.createElement("span");
    box.textContent = value || "";
    return box.innerHTML;
  }

  var map = L.map("map", { maxZoom: config.max_zoom, worldCopyJump: false });
  map.attributionControl.setPrefix("Leaflet");
  config.layers.forEach(function (layer) {
    L.tileLayer(layer.url, {
      subdomains: layer.subdomains, maxZoom: config.max_zoom, attribution: escapeHtml(layer.attribution)
    }).addTo(map);
  });
  if (config.focus) {
    map.setView([config.focus.lat, config.focus.lng], Math.min(15, config.max_zoom));
  } else {
    map.fitBounds(config.bounds, { padding: [24, 24], maxZoom: 13 });
  }

  var drawn = L.layerGroup().addTo(map);
  var legend = L.control({ position: "bottomleft" });
  legend.onAdd = function () {
    var box = L.DomUtil.create("div", "bg-body border rounded px-2 py-1 small");
    config.kinds.forEach(function (code) {
      var row = L.DomUtil.create("div", "", box);
      var dot = L.DomUtil.create("span", "d-inline-block rounded-circle me-1", row);
      dot.style.cssText = "width:.7rem;height:.7rem;background:" + config.colours[code];
      row.appendChild(document.createTextNode(text[code]));
    });
    return box;
  };
  legend.addTo(map);

  function popup(p) {
    var box = document.createElement("div");
    var title = document.createElement("div");
    title.className = "fw-semibold";
    title.textContent = p.name;
    box.appendChild(title);
    [p.kind_label + " · " + p.status, p.organisation, p.address].forEach(function (line) {
      if (!line) return;
      var row = document.createElement("div");
      row.className = "small text-body-secondary";
      row.textContent = line;
      box.appendChild(row);
    });
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = text.open;
    link.className = "small";
    box.appendChild(link);
    return box;
  }

  function clusterIcon(p) {
    var size = p.count < 10 ? 30 : p.count < 100 ? 36 : p.count < 1000 ? 44 : 52;
    return L.divIcon({
      className: "map-cluster",
      html: '<span style="display:flex;align-items:center;justify-content:center;width:' + size + "px;height:" +
        size + 'px;border-radius:50%;background:rgba(13,110,253,.75);color:#fff;font-weight:600;' +
        'border:2px solid #fff;box-shadow:0 0 0 1px rgba(0,0,0,.25)">' + p.count + "</span>",
      iconSize: [size, size]
    });
  }

  var opened = false;
  function draw(data) {
    drawn.clearLayers();
    data.features.forEach(function (f) {
      var p = f.properties;
      var at = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
      if (p.cluster) {
        var marker = L.marker(at, { icon: clusterIcon(p), title: text.zoom_in, keyboard: true });
        marker.on("click", function () { map.setView(at, Math.min(map.getZoom() + 2, config.max_zoom)); });
        drawn.addLayer(marker);
        return;
      }
      var dot = L.circleMarker(at, {
        radius: 7, color: "#fff", weight: 2, fillColor: config.colours[p.kind], fillOpacity: 0.9,
        className: "map-point map-point-" + p.kind
      });
      dot.bindPopup(popup(p));
      dot.bindTooltip(p.name);
      drawn.addLayer(dot);
      if (!opened && config.focus && config.focus.kind === p.kind && config.focus.id === p.id) {
        opened = true;
        dot.openPopup();
      }
    });
    if (!data.total) say(text.none);
    else if (data.clustered) say(text.clusters, data.total);
    else say(text.points, data.total);
  }

  var pending = null;
  function clamp(value, low, high) { return Math.max(low, Math.min(high, value)); }
  function load() {
    if (pending) pending.abort();
    pending = window.AbortController ? new AbortController() : null;
    var b = map.getBounds();
    var params = new URLSearchParams();
    if (config.within) params.set("within", config.within);
    config.kinds.forEach(function (code) { params.append("kind", code); });
    params.set("bbox", [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
      clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].map(function (v) { return v.toFixed(6); }).join(","));
    params.set("zoom", map.getZoom());
    say(text.loading);
    fetch(config.points_url + "?" + params.toString(), {
      credentials: "same-origin", headers: { Accept: "application/geo+json" },
      signal: pending ? pending.signal : undefined
    }).then(function (response) {
      if (!response.ok || (response.headers.get("Content-Type") || "").indexOf("json") < 0) throw new Error("bad");
      return response.json();
    }).then(draw).catch(function (error) {
      if (error && error.name === "AbortError") return;
      say(text.failed);
    });
  }
  var timer = null;
  map.on("moveend", function () { clearTimeout(timer); timer = setTimeout(load, 150); });
  load();
})();
