// hromada default theme: remembers the reader's settings (larger text, higher contrast) and
// registers the service worker that keeps the site readable offline. Everything works
// without this script; it only remembers and caches.
(function () {
  "use strict";
  var KEY = "hromada-reader";
  var root = document.documentElement;
  var saved = {};
  try {
    saved = JSON.parse(window.localStorage.getItem(KEY) || "{}") || {};
  } catch (e) {
    saved = {};
  }
  // Before the first paint: this script is in <head>, so the page never flashes small text.
  ["large", "contrast"].forEach(function (k) {
    if (saved[k]) root.classList.add("reader-" + k);
  });
  var script = document.currentScript;
  var worker = script && script.getAttribute("data-sw");

  document.addEventListener("DOMContentLoaded", function () {
    var boxes = document.querySelectorAll("input[data-reader]");
    Array.prototype.forEach.call(boxes, function (box) {
      var k = box.getAttribute("data-reader");
      // Without JavaScript the box sits before the page and CSS follows it; with it, the box
      // goes into its label in the menu and the class on <html> does the work.
      var label = document.querySelector('label[for="' + box.id + '"]');
      if (label) {
        var mark = label.querySelector(".reader-mark");
        if (mark) label.removeChild(mark);
        label.insertBefore(box, label.firstChild);
        box.className = "";
      }
      box.checked = !!saved[k];
      box.addEventListener("change", function () {
        saved[k] = box.checked;
        root.classList.toggle("reader-" + k, box.checked);
        try {
          window.localStorage.setItem(KEY, JSON.stringify(saved));
        } catch (e) {
          // Private mode or storage full: the setting lasts for this page only.
        }
      });
    });
  });

  if (worker && "serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(worker).catch(function () {
        // No service worker (file://, an old browser): the site still works online.
      });
    });
  }
})();
