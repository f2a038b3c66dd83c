// hromada's part of the editors' page: Decap CMS edits only files that are a mapping, and
// data/events.yaml and data/venues.yaml are lists of records. This registers a format that
// reads such a list as { head, records } and writes it back: the comment at the top of the
// file kept, empty fields left out, a venue's location as [longitude, latitude].
(function () {
  "use strict";
  var yaml = window.jsyaml;
  // The order keys are written in, as in the record types and the files' own examples
  // (the CMS keeps a record's keys in no particular order). Others follow, as they came.
  var ORDER = ["id", "name", "title", "kind", "address", "settlement", "location", "hours",
    "phone", "url", "note", "email", "website", "start", "end", "repeat", "until", "except",
    "venue", "online", "audience", "topics", "services", "accessibility", "helps_with", "free",
    "price", "registration", "places", "full", "organizer", "opened", "participants", "total",
    "by_audience", "description"];

  function rank(key) {
    var i = ORDER.indexOf(key);
    return i < 0 ? ORDER.length : i;
  }

  // The comment lines (and blank lines) the file starts with.
  function head(text) {
    var lines = text.split("\n");
    var n = 0;
    while (n < lines.length && /^\s*(#.*)?$/.test(lines[n])) n += 1;
    return lines.slice(0, n).join("\n").replace(/\s+$/, "");
  }

  // A value without empty strings, empty lists, empty mappings and nulls: what the form
  // leaves blank is not written, as an editor writing YAML by hand would leave it out.
  function prune(value) {
    if (Array.isArray(value)) {
      var list = value.map(prune).filter(function (v) { return v !== undefined; });
      return list.length ? list : undefined;
    }
    if (value !== null && typeof value === "object") {
      var out = {};
      Object.keys(value).sort(function (a, b) { return rank(a) - rank(b); }).forEach(function (k) {
        var v = prune(value[k]);
        if (v !== undefined) out[k] = v;
      });
      return Object.keys(out).length ? out : undefined;
    }
    if (value === null || value === "" || (typeof value === "number" && isNaN(value))) {
      return undefined;
    }
    return value;
  }

  // The form shows a place's location as two named numbers.
  function toForm(record) {
    var l = record && record.location;
    if (Array.isArray(l) && l.length === 2) {
      record.location = { latitude: l[1], longitude: l[0] };
    }
    return record;
  }

  function fromForm(record) {
    var l = record && record.location;
    if (l && !Array.isArray(l) && typeof l === "object") {
      record.location = typeof l.longitude === "number" && typeof l.latitude === "number"
        ? [l.longitude, l.latitude]
        : undefined;
    }
    return record;
  }

  window.CMS.registerCustomFormat("hromada-list", "yaml", {
    fromFile: function (text) {
      var list = yaml.load(text, { schema: yaml.CORE_SCHEMA }) || [];
      if (!Array.isArray(list)) {
        throw new Error("Цей файл має бути списком записів (кожен починається з «- »)");
      }
      return { head: head(text), records: list.map(toForm) };
    },
    toFile: function (data) {
      var records = (data.records || [])
        .map(function (r) { return prune(fromForm(JSON.parse(JSON.stringify(r)))); })
        .filter(function (r) { return r !== undefined; });
      var body = records.length
        ? yaml.dump(records, { schema: yaml.CORE_SCHEMA, lineWidth: -1, noRefs: true, quotingType: "\"" })
        : "[]\n";
      var top = data.head ? data.head + "\n\n" : "";
      return top + body.replace(/\n(- )/g, "\n\n$1");
    },
  });
})();
