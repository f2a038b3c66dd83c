// hromada serve: reloads this page when the site is rebuilt and shows the build's errors
// over the page (the last good version of the site stays served underneath).
(function () {
  "use strict";
  var here = location.pathname;
  // The panel speaks the language of the messages (the server's), else the page's.
  function texts(lang) {
    var uk = (lang || document.documentElement.lang || "uk").slice(0, 2) !== "en";
    return uk ? {
      title: function (n) { return "Сайт не зібрано: " + n + " " + ukForm(n, "помилка", "помилки", "помилок"); },
      kept: "Нижче — остання вдала версія сайту. Виправте файл і збережіть: ця панель зникне сама.",
      hint: "Порада: ",
      close: "Сховати"
    } : {
      title: function (n) { return "The site was not built: " + n + (n === 1 ? " error" : " errors"); },
      kept: "Below is the last good version of the site. Fix the file and save: this panel goes away by itself.",
      hint: "Hint: ",
      close: "Hide"
    };
  }
  // Ukrainian plural forms: 1, 21 помилка; 2–4, 22–24 помилки; 0, 5–20, 25 помилок.
  function ukForm(n, one, few, many) {
    var ten = n % 10, hundred = n % 100;
    if (ten === 1 && hundred !== 11) return one;
    if (ten >= 2 && ten <= 4 && (hundred < 12 || hundred > 14)) return few;
    return many;
  }
  function sentence(text) {
    return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  }
  var T = texts();

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
    T = texts(report.lang);
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
      // Messages start in lower case (they follow «помилка[E0101]:» in a terminal); here
      // each stands alone, as a sentence.
      item.appendChild(el("p", "hromada-message", sentence(d.message)));
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
