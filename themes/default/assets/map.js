/* The map page, made livelier: zoom and pan (mouse, touch, keyboard), filters by kind and
   by what a place offers, and "nearest to me" from the browser's geolocation, computed here
   on the device. hromada lays the markers and names out at each zoom level (the svg's
   data-z1, data-z2 …: "x y i i …;…", a unit's place and its venues' indexes among the
   located places of the list); this script draws the level the reader has zoomed to, with
   markers and names the same size on the screen at any zoom. Without this script the map
   (its first level) and the list below it still work. */
(function () {
  "use strict";
  var app = document.getElementById("map-app");
  var frame = document.getElementById("map-frame");
  var svg = frame && frame.querySelector("svg");
  if (!app || !svg) return;
  var d = app.dataset;
  var full = svg.getAttribute("viewBox").split(" ").map(Number);
  var W = full[2], H = full[3];
  var vb = full.slice();
  var MIN = W / 10;

  var drawn = 0;
  function show() {
    svg.setAttribute("viewBox", vb.map(function (v) { return Math.round(v * 10) / 10; }).join(" "));
    if (vb[2] !== drawn) draw();
  }
  function clamp() {
    vb[2] = Math.max(MIN, Math.min(W, vb[2]));
    vb[3] = vb[2] * H / W;
    vb[0] = Math.max(0, Math.min(W - vb[2], vb[0]));
    vb[1] = Math.max(0, Math.min(H - vb[3], vb[1]));
    show();
  }
  // Zoom by `f` (> 1: closer) keeping the point at fractions (fx, fy) of the view in place.
  function zoom(f, fx, fy) {
    if (fx === undefined) { fx = 0.5; fy = 0.5; }
    var w = Math.max(MIN, Math.min(W, vb[2] / f));
    vb[0] += (vb[2] - w) * fx;
    vb[1] += (vb[3] - w * H / W) * fy;
    vb[2] = w;
    clamp();
  }
  function pan(dx, dy) { vb[0] += dx * vb[2]; vb[1] += dy * vb[3]; clamp(); }
  function reset() { vb = full.slice(); show(); }
  function attrs(el, a) { for (var k in a) el.setAttribute(k, a[k]); return el; }
  function make(tag, a) { return attrs(document.createElementNS("http://www.w3.org/2000/svg", tag), a || {}); }

  frame.classList.add("map-live");
  frame.tabIndex = 0;
  frame.setAttribute("role", "group");
  frame.setAttribute("aria-label", svg.querySelector("title").textContent);
  app.querySelector(".map-tools").hidden = false;
  app.querySelector(".map-zoom").hidden = false;

  app.querySelectorAll("[data-zoom]").forEach(function (b) {
    b.addEventListener("click", function () {
      var z = b.getAttribute("data-zoom");
      if (z === "in") zoom(1.5); else if (z === "out") zoom(1 / 1.5); else reset();
    });
  });
  frame.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var k = e.key, step = 0.15;
    if (k === "+" || k === "=") zoom(1.5);
    else if (k === "-" || k === "_") zoom(1 / 1.5);
    else if (k === "0") reset();
    else if (k === "ArrowLeft") pan(-step, 0);
    else if (k === "ArrowRight") pan(step, 0);
    else if (k === "ArrowUp") pan(0, -step);
    else if (k === "ArrowDown") pan(0, step);
    else return;
    e.preventDefault();
  });
  // The wheel zooms only a map the reader is working with, so scrolling the page past it
  // never gets stuck.
  frame.addEventListener("wheel", function (e) {
    if (!e.ctrlKey && !frame.contains(document.activeElement)) return;
    e.preventDefault();
    var r = svg.getBoundingClientRect();
    zoom(e.deltaY < 0 ? 1.25 : 1 / 1.25, (e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height);
  }, { passive: false });

  // Pointers: one drags, two pinch. A drag is not a click on the marker it started on.
  var pointers = {}, start = null, moved = false;
  function count() { return Object.keys(pointers).length; }
  function spread() {
    var p = Object.keys(pointers).map(function (k) { return pointers[k]; });
    return Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
  }
  svg.addEventListener("pointerdown", function (e) {
    pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
    start = { x: e.clientX, y: e.clientY, vb: vb.slice(), spread: count() === 2 ? spread() : 0 };
    moved = false;
  });
  svg.addEventListener("pointermove", function (e) {
    if (!pointers[e.pointerId] || !start) return;
    pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
    var r = svg.getBoundingClientRect();
    if (count() === 2 && start.spread) {
      var f = spread() / start.spread;
      vb = start.vb.slice();
      zoom(f);
      moved = true;
      return;
    }
    var dx = e.clientX - start.x, dy = e.clientY - start.y;
    if (!moved && Math.hypot(dx, dy) < 6) return;
    if (!moved) { moved = true; svg.setPointerCapture(e.pointerId); svg.classList.add("dragging"); }
    vb[0] = start.vb[0] - dx * start.vb[2] / r.width;
    vb[1] = start.vb[1] - dy * start.vb[3] / r.height;
    clamp();
  });
  function up(e) {
    delete pointers[e.pointerId];
    svg.classList.remove("dragging");
    if (count() === 0) start = null;
  }
  svg.addEventListener("pointerup", up);
  svg.addEventListener("pointercancel", up);
  svg.addEventListener("click", function (e) { if (moved) { e.preventDefault(); moved = false; } }, true);

  // Filters: a place shows when its kind is ticked and it has every ticked service.
  var items = Array.prototype.slice.call(document.querySelectorAll(".map-places li"));
  var status = document.getElementById("map-status");
  function say(text) { status.textContent = text; }
  function ticked(name) {
    return Array.prototype.slice.call(app.querySelectorAll("input[name=" + name + "]:checked")).map(function (i) { return i.value; });
  }
  function visible(el) {
    var kinds = ticked("k"), services = ticked("s");
    var tags = (el.getAttribute("data-s") || "").split(" ");
    return kinds.indexOf(el.getAttribute("data-k")) >= 0 && services.every(function (s) { return tags.indexOf(s) >= 0; });
  }
  function filter() {
    var shown = 0;
    items.forEach(function (li) { var on = visible(li); li.classList.toggle("is-off", !on); if (on) shown++; });
    draw();
    say(shown ? d.shown.replace("{n}", shown).replace("{total}", items.length) : d.none);
  }

  // The markers of the level zoomed to: a venue's shape, or a disc with the number of the
  // venues shown in a group, all drawn 1/zoom times as large so they keep their size.
  var proj = svg.getAttribute("data-proj").split(" ").map(Number);
  function toMap(ll) {
    return [(ll[0] * Math.PI / 180 - proj[0]) * proj[2],
      (proj[1] - Math.log(Math.tan(Math.PI / 4 + ll[1] * Math.PI / 360))) * proj[2]];
  }
  var located = items.filter(function (li) { return li.hasAttribute("data-ll"); });
  var layer = svg.querySelector(".map-markers");
  var R = Number(svg.getAttribute("data-r"));
  var F = layer ? Number(layer.getAttribute("font-size")) : 0;
  var kinds = {};
  app.querySelectorAll("input[name=k]").forEach(function (i) {
    kinds[i.value] = { shape: i.getAttribute("data-shape"), colour: i.getAttribute("data-colour"), label: i.parentNode.textContent.trim() };
  });
  var levels = [1, 2, 4, 8].filter(function (z) { return svg.hasAttribute("data-z" + z); }).map(function (z) {
    return { z: z, units: svg.getAttribute("data-z" + z).split(";").map(function (u) {
      var n = u.split(" ").map(Number);
      return { x: n[0], y: n[1], m: n.slice(2) };
    }) };
  });
  var names = Array.prototype.slice.call(svg.querySelectorAll(".map-labels")).map(function (g) {
    return { z: Number(g.getAttribute("data-z") || 1), g: g };
  });
  // The closest level laid out for zoom `f` or less.
  function pick(list, f) {
    var best = list[0];
    list.forEach(function (l) { if (l.z <= f * 1.001) best = l; });
    return best;
  }
  function scaled(x, y, s) { return "matrix(" + s + " 0 0 " + s + " " + x * (1 - s) + " " + y * (1 - s) + ")"; }
  function disc(n) { return Math.max(R * 1.4, String(n).length * 0.3 * F + F * 0.3); }
  function one(li, s) {
    var k = kinds[li.getAttribute("data-k")] || { shape: 0, colour: 0, label: "" };
    var p = toMap(li.getAttribute("data-ll").split(",").map(Number));
    var a = make("a", { href: li.querySelector("a").getAttribute("href"), "class": "mk mk-" + k.colour,
      "data-v": li.getAttribute("data-v"), "data-k": li.getAttribute("data-k"), "data-s": li.getAttribute("data-s"),
      "data-ll": li.getAttribute("data-ll"),
      "aria-label": li.querySelector("a").textContent.trim() + " — " + k.label + ", " + li.querySelector(".map-addr").textContent });
    a.appendChild(make("use", { href: "#map-k" + k.shape, transform: "translate(" + p[0] + " " + p[1] + ") scale(" + s + ")" }));
    layer.appendChild(a);
  }
  function group(u, on, s) {
    var places = [];
    on.forEach(function (li) {
      var list = li.closest(".map-settlement-list"), p = places.filter(function (q) { return q.list === list; })[0];
      if (p) p.n++; else places.push({ list: list, n: 1 });
    });
    places.sort(function (a, b) { return b.n - a.n; });
    var name = places.slice(0, 3).map(function (p) { return p.list.getAttribute("data-name"); }).join(", ") + (places.length > 3 ? ", …" : "");
    var a = make("a", { href: "#" + places[0].list.id, "class": "mk-g",
      "aria-label": (d.group || "{name}: {n}").replace("{name}", name).replace("{n}", on.length) });
    var g = make("g", { transform: "translate(" + u.x + " " + u.y + ") scale(" + s + ")" });
    g.appendChild(make("circle", { r: disc(on.length) }));
    var t = make("text", { y: Math.round(F * 3.5) / 10 });
    t.textContent = on.length;
    g.appendChild(t);
    a.appendChild(g);
    layer.appendChild(a);
  }
  function draw() {
    drawn = vb[2];
    var f = W / vb[2];
    if (layer && levels.length) {
      layer.textContent = "";
      pick(levels, f).units.forEach(function (u) {
        var on = u.m.map(function (i) { return located[i]; }).filter(function (li) { return li && !li.classList.contains("is-off"); });
        if (on.length === 1) one(on[0], 1 / f);
        else if (on.length > 1) group(u, on, 1 / f);
      });
    }
    // The names of the level, scaled about their anchors to keep their size (and by the
    // theme's factor for wider screens).
    var k = parseFloat(getComputedStyle(svg).getPropertyValue("--map-names")) || 1;
    var shown = names.length && pick(names, f);
    names.forEach(function (l) {
      l.g.classList.toggle("map-on", l === shown);
      if (l !== shown) return;
      l.g.querySelectorAll("text").forEach(function (t) {
        t.setAttribute("transform", scaled(Number(t.getAttribute("x")), Number(t.getAttribute("y")), k * l.z / f));
      });
    });
  }
  // A group links to its settlement's list: open it (browsers open a closed <details> for
  // a link into it only sometimes), here and for an address that arrives with one.
  function reveal(id) {
    var t = id && document.getElementById(id);
    var box = t && t.closest("details");
    if (box && !box.open) box.open = true;
    return t;
  }
  svg.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a.mk-g");
    if (a && !e.defaultPrevented) reveal(a.getAttribute("href").slice(1));
  });
  var arrived = reveal(decodeURIComponent(location.hash.slice(1)));
  if (arrived) arrived.scrollIntoView();
  window.addEventListener("hashchange", function () { reveal(decodeURIComponent(location.hash.slice(1))); });
  window.addEventListener("resize", draw);
  // A printed page shows every settlement's list.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".map-settlement").forEach(function (b) { b.open = true; });
  });
  draw();
  app.querySelectorAll(".map-filter input").forEach(function (i) { i.addEventListener("change", filter); });

  // Nearest to me: the position stays on this device; distances by the haversine formula.
  var list = document.getElementById("map-nearest-list");
  function distance(a, b) {
    var r = Math.PI / 180, dLat = (b[1] - a[1]) * r, dLon = (b[0] - a[0]) * r;
    var h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(a[1] * r) * Math.cos(b[1] * r) * Math.pow(Math.sin(dLon / 2), 2);
    return 12742018 * Math.asin(Math.sqrt(h));
  }
  function words(m) {
    if (m < 1000) return (Math.round(m / 10) * 10) + "\u00a0" + d.m;
    return (Math.round(m / 100) / 10).toString().replace(".", ",") + "\u00a0" + d.km;
  }
  function youAreHere(p) {
    var old = svg.querySelector(".map-you");
    if (old) old.remove();
    var q = toMap(p), x = q[0], y = q[1];
    if (x < 0 || y < 0 || x > W || y > H) return;
    var c = document.createElementNS("http://www.w3.org/2000/svg", "circle");
    c.setAttribute("class", "map-you");
    c.setAttribute("cx", x); c.setAttribute("cy", y); c.setAttribute("r", W / 90);
    c.setAttribute("role", "img"); c.setAttribute("aria-label", d.here);
    svg.appendChild(c);
  }
  function nearest(p) {
    var found = items.filter(function (li) { return li.hasAttribute("data-ll") && !li.classList.contains("is-off"); })
      .map(function (li) { return { li: li, m: distance(p, li.getAttribute("data-ll").split(",").map(Number)) }; })
      .sort(function (a, b) { return a.m - b.m; }).slice(0, 5);
    list.textContent = "";
    found.forEach(function (f) {
      var a = f.li.querySelector("a"), li = document.createElement("li"), link = document.createElement("a");
      link.href = a.href; link.textContent = a.textContent;
      li.appendChild(link); li.appendChild(document.createTextNode(" — " + words(f.m)));
      list.appendChild(li);
    });
    list.hidden = !found.length;
    say(found.length ? d.nearest : d.none);
    youAreHere(p);
  }
  document.getElementById("map-nearest").addEventListener("click", function () {
    if (!navigator.geolocation) { say(d.unsupported); return; }
    say(d.wait);
    navigator.geolocation.getCurrentPosition(function (pos) {
      nearest([pos.coords.longitude, pos.coords.latitude]);
    }, function () { say(d.denied); }, { enableHighAccuracy: false, timeout: 20000, maximumAge: 600000 });
  });
})();
