// hromada default theme: «Де допоможуть» — whether a place is open now, and the nearest.
//
// A place's card may carry `data-week`: its opening hours as a week of minutes, made at build
// time from the OpenStreetMap hours (src/registry/hours.rs, Week::compact): days from Monday
// separated by "|", each day's spans "start-end" in minutes from midnight. The script says
// «Відчинено зараз, до 18:00» or «Зачинено, відчинять у понеділок о 9:00» at the reader's
// time in Kyiv, and puts the open places of a short list first. «Найближчі до мене» asks the
// browser where the reader is (the position never leaves the device), reads the places'
// data (mistsia/dopomoha/index.json, src/render/nearby.rs) and lists the nearest that help
// with the page's need. Without this script every card still has its hours in words, a
// call and the way there. Plain ES2017 for old phones' browsers; no dependencies.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.hromadaNearby) return;
  var s = script.dataset;
  var DAY = 1440;
  var WEEKDAYS = (s.weekdays || "").split("|");
  var each = function (list, f) { Array.prototype.forEach.call(list, f); };

  // ---- The week and the time in Kyiv. ----
  function parseWeek(text) {
    var days = String(text).split("|");
    if (days.length !== 7) return null;
    return days.map(function (d) {
      return d ? d.split(",").map(function (span) {
        var p = span.split("-");
        return [Number(p[0]), Number(p[1])];
      }) : [];
    });
  }

  // 01:00 UTC on the last Sunday of `month` (0-based): when Europe's clocks change.
  function lastSunday(year, month) {
    var d = new Date(Date.UTC(year, month + 1, 0, 1));
    d.setUTCDate(d.getUTCDate() - d.getUTCDay());
    return d.getTime();
  }

  /** The weekday (0 is Monday) and the minute of the day in Kyiv at `date`. */
  function kyiv(date) {
    var p = {};
    try {
      // "Europe/Kiev": the name every browser's time zone data knows.
      new Intl.DateTimeFormat("en-US", {
        timeZone: "Europe/Kiev", hour12: false, year: "numeric", month: "numeric",
        day: "numeric", hour: "numeric", minute: "numeric"
      }).formatToParts(date).forEach(function (x) { p[x.type] = Number(x.value); });
    } catch (e) {
      p = {};
    }
    if (!p.year) {
      // No time zones in this browser: Kyiv is UTC+2, and UTC+3 in summer time.
      var y = date.getUTCFullYear();
      var t = date.getTime();
      var summer = t >= lastSunday(y, 2) && t < lastSunday(y, 9);
      var k = new Date(t + (summer ? 3 : 2) * 3600000);
      p = { year: k.getUTCFullYear(), month: k.getUTCMonth() + 1, day: k.getUTCDate(),
        hour: k.getUTCHours(), minute: k.getUTCMinutes() };
    }
    var weekday = (new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() + 6) % 7;
    return { day: weekday, min: (p.hour % 24) * 60 + p.minute };
  }

  function clock(min) {
    if (min === DAY) return "24:00";
    var m = min % 60;
    return Math.floor(min / 60) % 24 + ":" + (m < 10 ? "0" : "") + m;
  }

  // «о 9:00», «об 11:00».
  function at(min) {
    return (Math.floor(min / 60) === 11 ? s.atEleven : s.at).replace("{time}", clock(min));
  }

  /** Whether a place with `week` is open at `now`, and that in words. */
  function status(week, now) {
    var always = week.every(function (d) { return d.length === 1 && d[0][0] === 0 && d[0][1] === DAY; });
    if (always) return { open: true, text: s.openAlways };
    var today = week[now.day];
    for (var i = 0; i < today.length; i++) {
      if (today[i][0] <= now.min && now.min < today[i][1]) {
        // It closes where the run of spans ends, past midnight when one goes on at 0:00.
        var end = today[i][1];
        for (var n = 1; end === DAY && n < 7; n++) {
          var first = week[(now.day + n) % 7][0];
          if (!first || first[0] !== 0) break;
          end = first[1];
        }
        return { open: true, text: s.openUntil.replace("{time}", clock(end)) };
      }
    }
    for (var k = 0; k <= 7; k++) {
      var day = (now.day + k) % 7;
      var spans = week[day];
      for (var j = 0; j < spans.length; j++) {
        if (k === 0 && spans[j][0] <= now.min) continue;
        var when = k === 0 ? s.today : k === 1 ? s.tomorrow : WEEKDAYS[day];
        return { open: false, text: s.closedOpens.replace("{when}", when + " " + at(spans[j][0])) };
      }
    }
    return { open: false, text: s.closed };
  }

  /** Fills every status line under `root` for the time now. */
  function showStatus(root) {
    var now = kyiv(new Date());
    each(root.querySelectorAll(".open-now[data-week]"), function (el) {
      var week = parseWeek(el.getAttribute("data-week"));
      if (!week) return;
      var st = status(week, now);
      el.textContent = st.text;
      el.classList.toggle("is-open", st.open);
      el.classList.toggle("is-closed", !st.open);
      el.hidden = false;
      var card = el.closest(".venue");
      if (card) card.setAttribute("data-open", st.open ? "1" : "0");
    });
  }

  // The open places of a list first, each group in the order it had.
  function openFirst(list) {
    var items = Array.prototype.slice.call(list.children);
    items.filter(function (li) { return li.getAttribute("data-open") === "1"; })
      .concat(items.filter(function (li) { return li.getAttribute("data-open") !== "1"; }))
      .forEach(function (li) { list.appendChild(li); });
  }

  // ---- The nearest. ----
  function metres(a, b) {
    var r = Math.PI / 180, dLat = (b[0] - a[0]) * r, dLon = (b[1] - a[1]) * r;
    var h = Math.pow(Math.sin(dLat / 2), 2) +
      Math.cos(a[0] * r) * Math.cos(b[0] * r) * Math.pow(Math.sin(dLon / 2), 2);
    return 12742018 * Math.asin(Math.sqrt(h));
  }
  function distance(m) {
    var d = m < 1000 ? (Math.round(m / 10) * 10) + "\u00a0" + s.m
      : (Math.round(m / 100) / 10).toString().replace(".", ",") + "\u00a0" + s.km;
    return s.distance.replace("{d}", d);
  }

  var data = null;
  function places(url) {
    if (!data) {
      data = fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + url);
        return r.json();
      });
      data.catch(function () { data = null; });
    }
    return data;
  }

  /** The `max` places nearest to `here` ([lat, lon]) that help with `need`. */
  function nearest(d, need, here, max) {
    var n = d.needs.indexOf(need);
    return d.places
      .filter(function (p) { return p[5] !== null && p[10].indexOf(n) >= 0; })
      .map(function (p) { return { p: p, m: metres(here, [p[5], p[6]]) }; })
      .sort(function (a, b) { return a.m - b.m; })
      .slice(0, max);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // A card as partials/venue_cards.html makes it, with the distance.
  function card(d, f) {
    var p = f.p;
    var li = el("li", "card venue");
    var h = el("h3");
    var a = el("a", "", p[1]);
    a.href = d.venues + p[0] + "/";
    h.appendChild(a);
    li.appendChild(h);
    var meta = el("p", "meta");
    [d.kinds[p[2]], p[3] + ", " + d.settlements[p[4]]].concat(p[11] ? [s.stepFree] : [])
      .forEach(function (t, i) {
        if (i) meta.appendChild(document.createTextNode(" · "));
        meta.appendChild(el("span", "", t));
      });
    li.appendChild(meta);
    li.appendChild(el("p", "distance", distance(f.m)));
    if (p[8]) {
      var st = el("p", "open-now");
      st.setAttribute("data-week", p[8]);
      st.hidden = true;
      li.appendChild(st);
    }
    if (p[9]) li.appendChild(el("p", "hours", p[9]));
    var actions = el("p", "place-actions");
    if (p[7]) {
      var call = el("a", "button", s.call + " ");
      call.href = "tel:" + p[7].replace(/[^0-9+]/g, "");
      call.appendChild(el("span", "nowrap", p[7]));
      actions.appendChild(call);
    }
    var route = el("a", "button", s.route);
    route.href = "geo:" + p[5] + "," + p[6];
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(route);
    li.appendChild(actions);
    return li;
  }

  /** «Найближчі до мене» in `box`: the nearest into `list` (as many as `max`). */
  function setupNearest(box, tools, list, max, onShown) {
    var button = box.querySelector("[data-nearby-locate]");
    var say = box.querySelector(".nearby-status");
    if (!button || !say) return;
    tools.hidden = false;
    button.addEventListener("click", function () {
      if (!navigator.geolocation) { say.textContent = s.unsupported; return; }
      say.textContent = s.wait;
      navigator.geolocation.getCurrentPosition(function (pos) {
        var here = [pos.coords.latitude, pos.coords.longitude];
        places(box.getAttribute("data-places")).then(function (d) {
          var found = nearest(d, box.getAttribute("data-need"), here, max);
          list.textContent = "";
          found.forEach(function (f) { list.appendChild(card(d, f)); });
          showStatus(list);
          list.hidden = false;
          // A heading of its own takes the reader there; else the status says it.
          say.textContent = onShown ? "" : s.found;
          if (onShown) onShown();
        }).catch(function () { say.textContent = s.denied; });
      }, function () { say.textContent = s.denied; },
      { enableHighAccuracy: false, timeout: 20000, maximumAge: 600000 });
    });
  }

  window.hromadaNearby = { status: status, parseWeek: parseWeek, kyiv: kyiv };
  showStatus(document);
  // The hours are read again each minute: a page left open does not say «open» after closing.
  setInterval(function () { showStatus(document); }, 60000);

  // A short list of an instruction's or e-service's page: the open ones first.
  each(document.querySelectorAll("[data-nearby-short]"), function (box) {
    var list = box.querySelector("ul.cards");
    if (!list) return;
    openFirst(list);
    setupNearest(box, box.querySelector(".nearby-tools"), list, list.children.length || 5);
  });
  // A need's page: the nearest above the list by settlement.
  each(document.querySelectorAll("[data-nearby-page]"), function (box) {
    var list = box.querySelector(".nearby-found");
    var title = box.querySelector("h2");
    if (!list) return;
    setupNearest(box, box, list, 10, function () {
      if (!title) return;
      title.hidden = false;
      title.setAttribute("tabindex", "-1");
      title.scrollIntoView();
      title.focus();
    });
  });
})();
