// hromada default theme: search on the search page, in the browser, offline.
//
// The index is made at build time (src/render/search.rs). A query is folded and stemmed by
// the same rules as the index (src/search.rs; tests/search.rs checks both agree), then:
// every word must match (exact term, or for the last word as typed a prefix, or for words
// of 5+ letters one typo), title and summary weigh more than text, and results whose title
// or summary hold the query as a phrase come first. Residents' words meet the site's through
// groups of synonyms (src/synonyms.rs): the index gives a text holding one of a group every
// other, and a query's phrase of a group is read as one term. Without this script the page
// still lists every instruction by topic.
(function () {
  "use strict";

  // ---- Folding and stemming: keep in step with src/search.rs. ----
  var APOSTROPHES = "'\u2019\u02bc`\u2018\u00b4\u02b9";
  var FOLD = { "ґ": "г", "й": "і", "ї": "і", "ы": "и", "э": "е", "ё": "е", "ъ": "" };
  var ENDINGS = [
    "уватися", "юватися", "ватися", "итися", "атися", "ітися", "илися", "алися", "ується",
    "ється", "еться", "иться", "ться", "уючи", "ючи", "ячи", "учи", "ати", "яти", "ити", "іти",
    "ого", "ього", "ому", "ьому", "ими", "іми", "ами", "ями", "ові", "еві", "єві", "ах", "ях",
    "ом", "єм", "ів", "ою", "ею", "єю", "им", "ім", "их", "іх", "иі", "іі",
    "оі", "еі", "уть", "ють", "ать", "ять", "ить", "іть", "ете", "єте", "емо", "ємо", "имо",
    "імо", "ла", "ли", "ло", "ав", "ив", "а", "я", "о", "е", "є", "и", "і", "у", "ю", "ь"
  ];
  var MIN_STEM = 2;
  // Words a query may hold that say nothing of what is sought (folded); left out of a query
  // unless it has nothing else.
  var STOP = new Set(("як де що це чи і та а але або в у на з із зі до від по при про для не " +
    "мені мене мій моя ви вас ваш я ми можна треба потрібно хочу зробити робити зробіть").split(" "));
  var LATIN = [
    ["shch", "щ"], ["zgh", "зг"], ["kh", "х"], ["zh", "ж"], ["ts", "ц"], ["ch", "ч"],
    ["sh", "ш"], ["iu", "ю"], ["ia", "я"], ["ie", "є"], ["yu", "ю"], ["ya", "я"], ["ye", "є"],
    ["yi", "і"], ["a", "а"], ["b", "б"], ["c", "ц"], ["d", "д"], ["e", "е"], ["f", "ф"],
    ["g", "г"], ["h", "г"], ["i", "і"], ["j", "і"], ["k", "к"], ["l", "л"], ["m", "м"],
    ["n", "н"], ["o", "о"], ["p", "п"], ["q", "к"], ["r", "р"], ["s", "с"], ["t", "т"],
    ["u", "у"], ["v", "в"], ["w", "в"], ["x", "кс"], ["y", "и"], ["z", "з"]
  ];
  var LOOKALIKES = { a: "а", c: "с", e: "е", i: "і", k: "к", m: "м", o: "о", p: "р", x: "х", y: "у" };
  var LETTER = /[\p{L}\p{N}]/u;

  function words(text) {
    var out = [];
    var word = "";
    for (var c of String(text).toLowerCase()) {
      if (APOSTROPHES.indexOf(c) >= 0) continue;
      if (LETTER.test(c)) {
        word += Object.prototype.hasOwnProperty.call(FOLD, c) ? FOLD[c] : c;
      } else if (word) {
        out.push(word);
        word = "";
      }
    }
    if (word) out.push(word);
    return out;
  }

  function toCyrillic(word) {
    if (/[\u0400-\u04ff]/.test(word)) {
      return word.replace(/[aceikmopxy]/g, function (c) { return LOOKALIKES[c]; });
    }
    if (!/^[a-z]+$/.test(word)) return word;
    var out = "";
    var rest = word;
    while (rest) {
      for (var i = 0; i < LATIN.length; i++) {
        if (rest.startsWith(LATIN[i][0])) {
          out += LATIN[i][1];
          rest = rest.slice(LATIN[i][0].length);
          break;
        }
      }
    }
    return out;
  }

  function stem(word) {
    var len = Array.from(word).length;
    var best = 0;
    for (var i = 0; i < ENDINGS.length; i++) {
      var e = ENDINGS[i];
      if (e.length > best && len >= e.length + MIN_STEM && word.endsWith(e)) best = e.length;
    }
    return Array.from(word).slice(0, len - best).join("");
  }

  function term(word) {
    var w = toCyrillic(word);
    return /[0-9]/.test(w) ? w : stem(w);
  }

  function terms(text) {
    return words(text).map(term);
  }

  // For tests: the same functions the page uses.
  window.hromadaSearchText = { words: words, toCyrillic: toCyrillic, stem: stem, term: term, terms: terms };

  // ---- Matching. ----
  /** At most one insertion, deletion, substitution or swap of neighbours apart. */
  function withinOne(a, b) {
    if (a === b) return true;
    var la = a.length;
    var lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  var prefixLength = 1;
  function shardKey(t) {
    return Array.from(t).slice(0, prefixLength).map(function (c) {
      return ("0000" + c.codePointAt(0).toString(16)).slice(-4);
    }).join("");
  }

  var app = document.getElementById("search-app");
  var input = document.getElementById("search-q");
  if (!app || !input) return;
  window.hromadaSearchText.search = function (q) { return search(q); };
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var data = app.dataset;
  var indexUrl = data.index;
  var meta = null;
  var shards = {};
  var chunks = {};

  function getJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + url);
      return r.json();
    });
  }
  function loadMeta() {
    if (!meta) {
      meta = getJson(indexUrl).then(function (m) {
        prefixLength = m.prefix || 1;
        return m;
      });
    }
    return meta;
  }
  function loadShard(m, key) {
    if (!m.shards[key]) return Promise.resolve({});
    if (!shards[key]) shards[key] = getJson(m.base + m.shards[key]);
    return shards[key];
  }
  function loadChunk(m, n) {
    if (!chunks[n]) chunks[n] = getJson(m.base + m.chunks[n]);
    return chunks[n];
  }

  /**
   * The query's terms. A phrase of a group of synonyms (src/synonyms.rs; the index lists
   * the groups) is one term: the index gave it to every text that holds any of its group.
   * Stop words are left out unless the query has nothing else.
   */
  function queryTerms(typed, groups) {
    var phrases = [];
    groups.forEach(function (g) {
      g.forEach(function (k) { if (k.indexOf(" ") > 0) phrases.push(k.split(" ")); });
    });
    phrases.sort(function (a, b) { return b.length - a.length; });
    var ts = typed.map(term);
    var found = [];
    for (var i = 0; i < typed.length;) {
      var hit = null;
      for (var p = 0; p < phrases.length && !hit; p++) {
        var ph = phrases[p];
        if (ph.length <= ts.length - i && ph.every(function (t, j) { return ts[i + j] === t; })) hit = ph;
      }
      if (hit) {
        var key = hit.join(" ");
        found.push({ term: key, raw: key, long: false, last: false, stop: false });
        i += hit.length;
      } else {
        found.push({ term: ts[i], raw: toCyrillic(typed[i]), long: Array.from(typed[i]).length >= 5,
          last: i === typed.length - 1, stop: STOP.has(typed[i]) });
        i++;
      }
    }
    var content = found.filter(function (q) { return !q.stop; });
    var qs = [];
    (content.length ? content : found).forEach(function (q) {
      if (q.term && qs.every(function (x) { return x.term !== q.term; })) qs.push(q);
    });
    return qs;
  }

  /** Ranked results: [{doc, score, matched}], and the index terms that matched. */
  function search(query) {
    var typed = words(query);
    var prefixLast = !/\s$/.test(query);
    if (!typed.length) return Promise.resolve({ results: [], total: 0, matched: new Set() });
    return loadMeta().then(function (m) {
      var groups = m.synonyms || [];
      var qs = queryTerms(typed, groups);
      if (!qs.length) return { results: [], total: 0, matched: new Set() };
      var keys = new Set();
      qs.forEach(function (q) {
        keys.add(shardKey(q.term));
        keys.add(shardKey(q.raw));
      });
      return Promise.all(Array.from(keys).map(function (k) { return loadShard(m, k).then(function (s) { return [k, s]; }); }))
        .then(function (loaded) {
          var byKey = {};
          loaded.forEach(function (p) { byKey[p[0]] = p[1]; });
          var docs = new Map();
          var matched = new Set();
          qs.forEach(function (q, qi) {
            var shard = byKey[shardKey(q.term)] || {};
            var hits = new Map();
            if (shard[q.term]) hits.set(q.term, 1);
            if (q.last && prefixLast && q.raw.length >= 2) {
              var rawShard = byKey[shardKey(q.raw)] || {};
              [[shard, q.term], [rawShard, q.raw]].forEach(function (pair) {
                Object.keys(pair[0]).forEach(function (t) {
                  // A phrase of synonyms (a term with a space) is not a word being typed.
                  if (t !== q.term && t.indexOf(" ") < 0 && t.startsWith(pair[1])) hits.set(t, Math.max(hits.get(t) || 0, 0.8));
                });
              });
            }
            if (!shard[q.term] && q.long) {
              Object.keys(shard).forEach(function (t) {
                if (!hits.has(t) && t.indexOf(" ") < 0 && withinOne(q.term, t)) hits.set(t, 0.6);
              });
            }
            // The words of a group found in its stead are shown as found too.
            groups.forEach(function (g) {
              if (g.indexOf(q.term) < 0 || !hits.has(q.term)) return;
              g.forEach(function (k) {
                k.split(" ").forEach(function (t) { if (Array.from(t).length >= 3) matched.add(t); });
              });
            });
            hits.forEach(function (factor, t) {
              matched.add(t);
              var postings = shard[t] || (byKey[shardKey(t)] || {})[t] || [];
              for (var i = 0; i < postings.length; i += 2) {
                var d = postings[i];
                var s = postings[i + 1] * factor;
                var e = docs.get(d);
                if (!e) {
                  e = { doc: d, best: new Array(qs.length).fill(0) };
                  docs.set(d, e);
                }
                if (s > e.best[qi]) e.best[qi] = s;
              }
            });
          });
          var results = Array.from(docs.values()).map(function (e) {
            return {
              doc: e.doc,
              matched: e.best.filter(function (s) { return s > 0; }).length,
              score: e.best.reduce(function (a, b) { return a + b; }, 0)
            };
          });
          // Every word found counts most: a result with half the words weighs a quarter.
          results.forEach(function (r) {
            r.score *= r.matched / qs.length;
          });
          results.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
          var total = results.length;
          results = results.slice(0, 60);
          // Phrase: the query's terms in a row in the title or summary count double.
          // A synonym of a query's word counts as the word (at most 64 ways to say it).
          var phrases = [""];
          qs.forEach(function (q) {
            var g = groups.filter(function (x) { return x.indexOf(q.term) >= 0; })[0] || [q.term];
            var next = [];
            phrases.forEach(function (p) {
              g.forEach(function (t) { if (next.length < 64) next.push(p ? p + " " + t : t); });
            });
            phrases = next;
          });
          var within = function (text) {
            return phrases.some(function (p) { return text.indexOf(" " + p + " ") >= 0; });
          };
          var need = new Set(results.map(function (r) { return Math.floor(r.doc / m.chunk); }));
          return Promise.all(Array.from(need).map(function (n) { return loadChunk(m, n).then(function (c) { return [n, c]; }); }))
            .then(function (cs) {
              var byChunk = {};
              cs.forEach(function (p) { byChunk[p[0]] = p[1]; });
              results.forEach(function (r) {
                r.info = byChunk[Math.floor(r.doc / m.chunk)][r.doc % m.chunk];
                var text = " " + terms(r.info.t).join(" ") + " ";
                var summary = " " + terms(r.info.s).join(" ") + " ";
                if (within(text)) r.score *= 3;
                else if (qs.length > 1 && within(summary)) r.score *= 2;
                // Instructions are what the site is for.
                if (r.info.k === "i") r.score *= 1.25;
              });
              results.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
              return { results: results.slice(0, 20), total: total, matched: matched };
            });
        });
    });
  }

  // ---- Showing results. ----
  function highlight(el, text, matched) {
    var re = /([\p{L}\p{N}'\u2019\u02bc`\u2018\u00b4\u02b9]+)/u;
    String(text).split(re).forEach(function (part, i) {
      var w = i % 2 === 1 ? words(part)[0] : null;
      if (w && matched.has(term(w))) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        el.appendChild(mark);
      } else {
        el.appendChild(document.createTextNode(part));
      }
    });
  }

  function countText(n) {
    var tpl = n % 10 === 1 && n % 100 !== 11 ? data.foundOne
      : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? data.foundFew
      : data.foundMany;
    return tpl.replace("{n}", n);
  }

  function show(found) {
    list.textContent = "";
    found.results.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r.info.u;
      highlight(a, r.info.t, found.matched);
      var h = document.createElement("h2");
      h.className = "result-title";
      h.appendChild(a);
      var kind = document.createElement("p");
      kind.className = "kicker";
      kind.textContent = data["kind" + r.info.k.toUpperCase()] + (r.info.d ? " · " + r.info.d : "");
      var snippet = document.createElement("p");
      highlight(snippet, r.info.s, found.matched);
      li.appendChild(kind);
      li.appendChild(h);
      li.appendChild(snippet);
      list.appendChild(li);
    });
    status.textContent = found.results.length ? countText(found.total) : data.none;
  }

  var timer = null;
  var latest = 0;
  function run() {
    var q = input.value;
    var url = new URL(window.location.href);
    if (q.trim()) url.searchParams.set("q", q);
    else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
    if (!q.trim()) {
      list.textContent = "";
      status.textContent = "";
      return;
    }
    var mine = ++latest;
    search(q).then(function (found) {
      if (mine !== latest) return;
      show(found);
      // Which query the list answers (tests wait for it).
      list.setAttribute("data-query", q);
    }).catch(function () {
      if (mine === latest) status.textContent = data.offline;
    });
  }

  app.hidden = false;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  input.form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    run();
  });
  // Arrow keys move between the input and the results; Escape goes back to the input.
  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" && links().length) {
      e.preventDefault();
      links()[0].focus();
    }
  });
  list.addEventListener("keydown", function (e) {
    var all = links();
    var i = all.indexOf(document.activeElement);
    if (i < 0) return;
    if (e.key === "ArrowDown" && i < all.length - 1) { e.preventDefault(); all[i + 1].focus(); }
    else if (e.key === "ArrowUp") { e.preventDefault(); (i ? all[i - 1] : input).focus(); }
    else if (e.key === "Escape") { e.preventDefault(); input.focus(); }
  });
  var initial = new URL(window.location.href).searchParams.get("q");
  if (initial) {
    input.value = initial;
    run();
  }
})();
