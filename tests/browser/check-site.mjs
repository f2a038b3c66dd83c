// The browser suite: every page of a built hromada site, checked in headless Chromium.
//
//   node tests/browser/check-site.mjs --site public [--report report.json] [--jobs 2]
//        [--shots DIR] [--only /a/,/b/ [--site-checks]]
//
// Per page, each failure printed as `FAIL <url> <rule>: <detail>`:
//   axe/<rule>          axe-core with the WCAG 2.1 A and AA rules, zero violations (light
//                       scheme); colour contrast again in the dark scheme and with the
//                       reader's "higher contrast" setting
//   external-request    a request to any host but the site's own
//   console-error       an error in the console (a CSP violation is one)
//   inline-script       a <script> without src (JSON-LD data blocks are fine)
//   inline-style        a style attribute or <style> element (the CSP forbids them)
//   skip-link           the first Tab does not reach a visible link to #main, or following it
//                       does not move focus to the main content
//   focus-visible       a focusable element (of the first 30) without a visible focus outline
//   reflow-320, reflow-zoom-200
//                       horizontal scrolling at 320 px width, or at 640 px (1280 px at 200 %)
//   no-js-main, no-js-nav
//                       with JavaScript off, no main content or no navigation
//   budget              compressed transfer of a first visit over the budget
// Once per site: the reader settings work without JS and are remembered with it (reader),
// after one visit the site opens with the network off (offline), and the map page works
// without JS, with it, and offline (map-*, see check-map.mjs; --shots DIR keeps screenshots).
// Exit status 0 when every page passes, 1 otherwise.

import { readFile, readdir, writeFile, mkdir } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";
import { checkMap } from "./check-map.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

function args() {
  const a = { site: "public", report: null, jobs: 2, budgetKb: 30, mapBudgetKb: 150 };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === "--site") a.site = v, i++;
    else if (k === "--report") a.report = v, i++;
    else if (k === "--jobs") a.jobs = Number(v), i++;
    else if (k === "--budget-kb") a.budgetKb = Number(v), i++;
    else if (k === "--only") a.only = v.split(","), i++;
    else if (k === "--shots") a.shots = v, i++;
    else if (k === "--site-checks") a.siteChecks = true;
    else throw new Error(`unknown argument ${k}`);
  }
  return a;
}

async function htmlFiles(root) {
  const out = [];
  async function walk(dir) {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith(".html")) out.push(p);
    }
  }
  await walk(root);
  return out.sort();
}

/** URL path of an output file: `a/index.html` → `/a/`. */
function urlPath(root, file) {
  const rel = relative(root, file).split(sep).join("/");
  return "/" + rel.replace(/(^|\/)index\.html$/, "$1");
}

export function chromiumPath() {
  return process.env.HROMADA_CHROMIUM || "/usr/bin/chromium";
}

/** Headless Chromium's flags on a closed network (no background connections). */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launch() {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_FLAGS });
}

/** Axe on the page as it is now; `rules` limits it to some rules. */
async function axe(page, rules) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    await page.evaluate(AXE_SOURCE);
  }
  return page.evaluate(
    async ({ tags, rules }) => {
      const runOnly = rules ? { type: "rule", values: rules } : { type: "tag", values: tags };
      const r = await window.axe.run(document, { runOnly, resultTypes: ["violations"] });
      return r.violations.map((v) => ({
        id: v.id,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
        count: v.nodes.length,
      }));
    },
    { tags: WCAG_TAGS, rules }
  );
}

/** Is the focus of the focused element visible (an outline or a ring)? */
function focusState() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const cs = getComputedStyle(el);
  const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2;
  const ring = cs.boxShadow && cs.boxShadow !== "none";
  const r = el.getBoundingClientRect();
  const id = el.id ? `#${el.id}` : "";
  const cls = typeof el.className === "string" && el.className ? "." + el.className.split(/\s+/).join(".") : "";
  return {
    name: `${el.tagName.toLowerCase()}${id}${cls}${el.getAttribute("href") ? `[href="${el.getAttribute("href")}"]` : ""}`,
    href: el.getAttribute("href"),
    visible: outline || ring,
    onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight + scrollY,
  };
}

function overflow() {
  const de = document.documentElement;
  const width = de.clientWidth;
  const over = de.scrollWidth - width;
  if (over <= 0) return null;
  const name = (e) =>
    e.tagName.toLowerCase() +
    (typeof e.className === "string" && e.className ? "." + e.className.trim().split(/\s+/).join(".") : "");
  // The innermost elements whose content is wider than they are, or that stick out.
  const wide = [...document.querySelectorAll("body *")]
    .filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === "visible" || e.getBoundingClientRect().right > width + 1)
    .filter((e, _, all) => !all.some((o) => o !== e && e.contains(o)))
    .slice(0, 3)
    .map(name);
  return `${over}px wider than the window (${wide.join(", ") || "unknown element"})`;
}

async function checkPage(browser, origin, path, opts) {
  const failures = [];
  const fail = (rule, detail) => failures.push({ rule, detail });
  const started = Date.now();
  const url = origin + path;

  // With JavaScript, as a first visit: empty cache, no service worker (its precache would
  // count into the page's transfer).
  const ctx = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    serviceWorkers: "block",
    colorScheme: "light",
  });
  const page = await ctx.newPage();
  await page.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.origin !== origin && u.protocol !== "data:") {
      fail("external-request", u.href);
      return route.abort();
    }
    return route.continue();
  });
  page.on("console", (m) => {
    if (m.type() === "error") fail("console-error", m.text());
  });
  page.on("pageerror", (e) => fail("console-error", e.message));
  const sizes = [];
  page.on("requestfinished", (req) => sizes.push(req.sizes().catch(() => null)));
  const response = await page.goto(url, { waitUntil: "load" });
  if (!response || (response.status() !== 200 && !path.endsWith("404.html"))) {
    fail("http-status", `status ${response ? response.status() : "none"}`);
  }
  await page.waitForLoadState("networkidle").catch(() => {});
  let transfer = 0;
  for (const s of await Promise.all(sizes)) {
    if (s) transfer += s.responseBodySize + s.responseHeadersSize;
  }
  const budget = (/^\/(mapa|karta)\//.test(path) ? opts.mapBudgetKb : opts.budgetKb) * 1024;
  if (transfer > budget) {
    fail("budget", `${(transfer / 1024).toFixed(1)} KB compressed, budget ${budget / 1024} KB`);
  }

  for (const v of await axe(page)) {
    fail(`axe/${v.id}`, `${v.help} (${v.count}×: ${v.nodes.join(", ")})`);
  }
  const inline = await page.evaluate(() => ({
    scripts: [...document.querySelectorAll("script")].filter(
      (s) => !s.src && s.type !== "application/ld+json"
    ).length,
    styles: document.querySelectorAll("[style], style").length,
  }));
  if (inline.scripts) fail("inline-script", `${inline.scripts} <script> without src`);
  // What the page asks to load from other hosts, even when the CSP stops it before the
  // network does.
  const foreign = await page.evaluate(() => {
    const attrs = [
      ["link[href]:not([rel~=canonical]):not([rel~=alternate])", "href"],
      ["script[src]", "src"],
      ["img[src]", "src"],
      ["source[src]", "src"],
      ["iframe[src]", "src"],
      ["video[src]", "src"],
      ["audio[src]", "src"],
      ["embed[src]", "src"],
      ["object[data]", "data"],
    ];
    const urls = [];
    for (const [sel, attr] of attrs) {
      for (const el of document.querySelectorAll(sel)) {
        const u = new URL(el.getAttribute(attr), document.baseURI);
        if (u.origin !== location.origin && u.protocol !== "data:") urls.push(u.href);
      }
    }
    return urls;
  });
  for (const u of foreign) {
    if (!failures.some((f) => f.rule === "external-request" && f.detail === u)) fail("external-request", u);
  }
  if (inline.styles) fail("inline-style", `${inline.styles} style attributes or <style> elements`);

  // Keyboard: the first Tab reaches the skip link; following it moves focus to main.
  await page.keyboard.press("Tab");
  const first = await page.evaluate(focusState);
  if (!first || first.href !== "#main" || !first.visible || !first.onScreen) {
    fail("skip-link", `the first Tab reaches ${first ? first.name : "nothing"}${first && first.href === "#main" ? " (not visible)" : ""}`);
  } else {
    await page.keyboard.press("Enter");
    const target = await page.evaluate(() => document.activeElement && document.activeElement.id);
    if (target !== "main") fail("skip-link", `following it focuses #${target || "nothing"}, not #main`);
  }
  // Focus is visible on every element the keyboard reaches (the first 30).
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  const seen = new Set();
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    const f = await page.evaluate(focusState);
    if (!f) break;
    if (!f.visible && !seen.has(f.name)) fail("focus-visible", `no visible focus on ${f.name}`);
    seen.add(f.name);
  }

  // Colour contrast in the dark scheme and with the reader's higher-contrast setting.
  const contrastIn = async (label) => {
    for (const v of await axe(page, ["color-contrast"])) {
      fail(`axe/${v.id}`, `${label}: ${v.help} (${v.count}×: ${v.nodes.join(", ")})`);
    }
  };
  await page.emulateMedia({ colorScheme: "dark" });
  await contrastIn("dark scheme");
  await page.evaluate(() => document.documentElement.classList.add("reader-contrast"));
  await contrastIn("dark scheme, higher contrast");
  await page.emulateMedia({ colorScheme: "light" });
  await contrastIn("higher contrast");
  await page.evaluate(() => document.documentElement.classList.remove("reader-contrast"));

  // Reflow: 320 px (WCAG 1.4.10) and 1280 px at 200 % zoom (640 CSS px).
  for (const [width, rule] of [[320, "reflow-320"], [640, "reflow-zoom-200"]]) {
    await page.setViewportSize({ width, height: 800 });
    const o = await page.evaluate(overflow);
    if (o) fail(rule, o);
  }
  await ctx.close();

  // Without JavaScript: the content and the navigation are there.
  const noJs = await opts.noJsContext.newPage();
  await noJs.goto(url, { waitUntil: "load" });
  const plain = await noJs.evaluate(() => ({
    main: (document.querySelector("main#main")?.innerText || "").trim().length,
    nav: document.querySelectorAll("nav a[href]").length,
  }));
  if (plain.main < 20) fail("no-js-main", `main#main holds ${plain.main} characters of text`);
  if (plain.nav < 1) fail("no-js-nav", "no navigation links");
  await noJs.close();

  return { path, transfer, ms: Date.now() - started, failures };
}

/** The reader settings: without JS the checkbox changes the page; with JS it is remembered. */
export async function checkReader(browser, origin) {
  const failures = [];
  // Without JS the box before the page zooms it (no :has), so the heading is measured.
  const size = (p) => p.evaluate(() => document.querySelector("main h1").getBoundingClientRect().height);
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  let page = await noJs.newPage();
  page.setDefaultTimeout(5000);
  await page.goto(origin + "/");
  const before = await size(page);
  await page.locator("details.menu > summary").click();
  await page.locator('label[for="reader-large"]').click();
  const after = await size(page);
  if (!(after > before * 1.2)) failures.push({ rule: "reader", detail: `without JS, larger text changes the heading's height from ${before}px to ${after}px` });
  await noJs.close();

  const ctx = await browser.newContext({ serviceWorkers: "block" });
  page = await ctx.newPage();
  page.setDefaultTimeout(5000);
  await page.goto(origin + "/");
  await page.locator("details.menu > summary").click();
  await page.locator("#reader-contrast").check();
  await page.goto(origin + "/offline/");
  const kept = await page.evaluate(() => ({
    cls: document.documentElement.classList.contains("reader-contrast"),
    checked: document.querySelector("#reader-contrast").checked,
    bg: getComputedStyle(document.body).backgroundColor,
  }));
  if (!kept.cls || !kept.checked || kept.bg !== "rgb(255, 255, 255)") {
    failures.push({ rule: "reader", detail: `with JS, higher contrast is not remembered on the next page (${JSON.stringify(kept)})` });
  }
  await ctx.close();
  return failures;
}

/** After one visit the site opens with the network off; a page never visited shows the offline page. */
export async function checkOffline(browser, origin, visited, unvisited) {
  const failures = [];
  const fail = (detail) => failures.push({ rule: "offline", detail });
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(origin + "/");
  const ready = await page.evaluate(async () => {
    if (!("serviceWorker" in navigator)) return "no serviceWorker in navigator";
    const reg = await Promise.race([
      navigator.serviceWorker.ready,
      new Promise((r) => setTimeout(() => r(null), 10000)),
    ]);
    return reg && reg.active ? "ok" : "the service worker did not activate";
  });
  if (ready !== "ok") {
    fail(ready);
    await ctx.close();
    return failures;
  }
  // Controlled from the next navigation on.
  await page.goto(origin + visited);
  // The worker stores a visited page after the response: wait until it is in the cache.
  const visitedTitle = await page.evaluate(async () => {
    for (let i = 0; i < 50 && !(await caches.match(location.href)); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    return document.title;
  });
  await ctx.setOffline(true);
  for (const [path, expect] of [["/", null], [visited, visitedTitle]]) {
    try {
      await page.goto(origin + path, { waitUntil: "load" });
      const title = await page.title();
      if (!title || /offline|зʼєднання/i.test(title) || (expect && title !== expect)) {
        fail(`offline, ${path} shows «${title}»`);
      }
    } catch (e) {
      fail(`offline, ${path} does not open: ${e.message.split("\n")[0]}`);
    }
  }
  try {
    await page.goto(origin + unvisited, { waitUntil: "load" });
    const robots = await page.evaluate(() => document.querySelector('meta[name="robots"]')?.content);
    if (robots !== "noindex") fail(`offline, the never-visited ${unvisited} does not show the offline page`);
  } catch (e) {
    fail(`offline, ${unvisited} does not open: ${e.message.split("\n")[0]}`);
  }
  await ctx.close();
  return failures;
}

async function main() {
  const opts = args();
  const root = resolve(opts.site);
  let files = await htmlFiles(root);
  // Redirect pages for old addresses only send the browser on.
  const pages = [];
  let mapPage = null;
  for (const f of files) {
    const html = await readFile(f, "utf8");
    if (/http-equiv="refresh"/i.test(html)) continue;
    pages.push(urlPath(root, f));
    if (html.includes('id="map-app"')) mapPage = urlPath(root, f);
  }
  const selected = opts.only ? pages.filter((p) => opts.only.includes(p)) : pages;
  const server = await serve(root);
  const browser = await launch();
  opts.noJsContext = await browser.newContext({ javaScriptEnabled: false });
  const results = [];
  const queue = [...selected];
  const started = Date.now();
  await Promise.all(
    Array.from({ length: Math.max(1, opts.jobs) }, async () => {
      while (queue.length) {
        const path = queue.shift();
        try {
          results.push(await checkPage(browser, server.origin, path, opts));
        } catch (e) {
          results.push({ path, transfer: 0, ms: 0, failures: [{ rule: "error", detail: e.message.split("\n")[0] }] });
        }
      }
    })
  );
  const site = [];
  if (!opts.only || opts.siteChecks) {
    const guard = async (rule, f) => {
      try {
        site.push(...(await f()));
      } catch (e) {
        site.push({ rule, detail: e.message.split("\n")[0] });
      }
    };
    await guard("reader", () => checkReader(browser, server.origin));
    // Visit an instruction-like page; expect the offline page for one the service worker
    // has not stored when installed.
    const sw = await readFile(join(root, "sw.js"), "utf8").catch(() => "");
    const precached = JSON.parse((sw.match(/const PRECACHE = (\[.*\]);/) || [])[1] || "[]");
    const instruction = pages.find((p) => /^\/[^/]+\/[^/]+\/$/.test(p)) || "/";
    const unvisited =
      pages.filter((p) => p !== instruction && !p.endsWith(".html") && !precached.includes(p)).pop() || "/404.html";
    await guard("offline", () => checkOffline(browser, server.origin, instruction, unvisited));
    if (mapPage) {
      if (opts.shots) await mkdir(opts.shots, { recursive: true });
      await guard("map", () => checkMap(browser, server.origin, mapPage, opts.shots));
    }
  }
  await browser.close();
  await server.close();

  results.sort((a, b) => a.path.localeCompare(b.path));
  let failed = 0;
  for (const r of results) {
    for (const f of r.failures) {
      failed++;
      console.log(`FAIL ${r.path} ${f.rule}: ${f.detail}`);
    }
  }
  for (const f of site) {
    failed++;
    console.log(`FAIL (site) ${f.rule}: ${f.detail}`);
  }
  const transfers = results.map((r) => r.transfer).sort((a, b) => a - b);
  const kb = (b) => (b / 1024).toFixed(1);
  const heaviest = results.reduce((m, r) => (r.transfer > m.transfer ? r : m), results[0] || { transfer: 0, path: "" });
  const summary = {
    pages: results.length,
    failures: failed,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    transfer_kb: {
      median: kb(transfers[Math.floor(transfers.length / 2)] || 0),
      max: kb(heaviest.transfer),
      heaviest: heaviest.path,
    },
  };
  console.log(
    `browser suite: ${summary.pages} pages, ${failed} failures, ${summary.seconds} s; compressed transfer per page: median ${summary.transfer_kb.median} KB, max ${summary.transfer_kb.max} KB (${heaviest.path})`
  );
  if (opts.report) {
    await mkdir(dirname(resolve(opts.report)), { recursive: true });
    await writeFile(opts.report, JSON.stringify({ summary, site, pages: results }, null, 2) + "\n");
  }
  process.exit(failed ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
}
