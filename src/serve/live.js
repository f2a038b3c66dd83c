// hromada serve: reloads this page when the site is rebuilt and shows the build's errors
// over the page (the last good version of the site stays served underneath).
(function () {
  "use strict";
  var here = location.pathname;
  var uk = (document.documentElement.lang || "uk").slice(0, 2) !== "en";
  var T = uk ? {
    title: function (n) { return "Сайт не зібрано: " + n + (n === 1 ? " помилка" : n < 5 ? " помилки" : " помилок"); },
    kept: "Нижче — остання вдала версія сайту. Виправте файл і збережіть: ця панель зникне сама.",
    hint: "Порада: ",
    close: "Сховати"
  } : {
    title: function (n) { return "The site was not built: " + n + (n === 1 ? " error" : " errors"); },
    kept: "Below is the last good version of the site. Fix the file and save: this panel goes away by itself.",
    hint: "Hint: ",
    close: "Hide"
  };

  var link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = "/__hromada/live.css";
  document.head.appendChild(link);

  var panel = null;
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function hide() {
    if (panel) { panel.remove(); panel = null; }
  }
  function show(report) {
    hide();
    panel = el("section", "hromada-overlay");
    panel.setAttribute("role", "alert");
    panel.setAttribute("aria-labelledby", "hromada-overlay-title");
    var h = el("h2", "", T.title(report.errors.length));
    h.id = "hromada-overlay-title";
    panel.appendChild(h);
    panel.appendChild(el("p", "", T.kept));
    var list = el("ol");
    report.errors.forEach(function (d) {
      var item = el("li");
      var where = d.file + (d.line ? ":" + d.line + ":" + d.column : "");
      item.appendChild(el("p", "hromada-where", where + " — " + d.code));
      item.appendChild(el("p", "hromada-message", d.message));
      if (d.snippet) item.appendChild(el("pre", "", d.snippet));
      if (d.hint) item.appendChild(el("p", "", T.hint + d.hint));
      list.appendChild(item);
    });
    panel.appendChild(list);
    var close = el("button", "", T.close);
    close.type = "button";
    close.addEventListener("click", hide);
    panel.appendChild(close);
    document.body.appendChild(panel);
  }

  var events = new EventSource("/__hromada/events?path=" + encodeURIComponent(here));
  events.addEventListener("reload", function (e) {
    var changed = JSON.parse(e.data);
    if (changed.all || changed.pages.indexOf(here) >= 0) location.reload();
  });
  events.addEventListener("errors", function (e) { show(JSON.parse(e.data)); });
  events.addEventListener("ok", hide);
})();
