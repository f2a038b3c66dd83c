// A resident on a cheap phone: what the first screen shows, how the menu and the reader's
// settings work without JavaScript, and what an instruction looks like on paper.
//
//   node tests/browser/check-residents.mjs --site public [--hotline /hariacha-liniia/]
//        [--shots DIR] [--pdf DIR]
//
// Checks, each failure printed as `FAIL <url> <rule>: <detail>`:
//   first-screen   the page's <h1> starts inside the first screen of a 360×640 phone: at
//                  100 %, with the reader's larger text, with the browser's text size at 200 %
//                  and with the page zoomed to 200 % (a 180×320 CSS-pixel screen)
//   hotline        the hotline is one tap: a visible tel: link in the header's first screen
//   menu           without JavaScript, «Меню» opens the menu and its links can be followed
//   reader         without JavaScript (and so without :has, which the browsers the CSS is
//                  made for lack), larger text and higher contrast change the page
//   print          the longest instruction prints on at most 2 A4 sheets (pdfinfo), with its
//                  address in the text (pdftotext) and a QR code that reads back to it (zbarimg)
// Prints `residents: N checks, M failures` and exits 1 on any failure.

import { execFileSync } from "node:child_process";
import { mkdtemp, mkdir, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { launch } from "./check-site.mjs";
import { serve } from "./serve.mjs";

const argv = process.argv.slice(2);
const opts = { site: "public", hotline: "/hariacha-liniia/", shots: null, pdf: null };
for (let i = 0; i < argv.length; i++) {
  const k = argv[i];
  if (k === "--site") opts.site = argv[++i];
  else if (k === "--hotline") opts.hotline = argv[++i];
  else if (k === "--shots") opts.shots = argv[++i];
  else if (k === "--pdf") opts.pdf = argv[++i];
  else throw new Error(`unknown argument ${k}`);
}

const failures = [];
let checks = 0;
const fail = (path, rule, detail) => failures.push(`FAIL ${path} ${rule}: ${detail}`);
const shotName = (path, mode) => (path.replace(/\//g, "_").replace(/^_|_$/g, "") || "home") + `-${mode}.png`;

/** The ways a resident makes text bigger, each with the phone's screen in CSS pixels. */
const MODES = [
  { name: "100", width: 360, height: 640, scale: 2 },
  { name: "reader-large", width: 360, height: 640, scale: 2, readerLarge: true },
  // The browser's (or the phone's) text size at 200 %: the default font size doubles.
  { name: "text-200", width: 360, height: 640, scale: 2, defaultFont: 32 },
  // Zoom at 200 %: the same phone shows half as many CSS pixels each way.
  { name: "zoom-200", width: 180, height: 320, scale: 4 },
];

async function context(browser, mode, js = true) {
  const ctx = await browser.newContext({
    viewport: { width: mode.width, height: mode.height },
    deviceScaleFactor: mode.scale,
    serviceWorkers: "block",
    javaScriptEnabled: js,
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(5000);
  if (mode.defaultFont) {
    const cdp = await ctx.newCDPSession(page);
    await cdp.send("Page.enable");
    await cdp.send("Page.setFontSizes", { fontSizes: { standard: mode.defaultFont } });
  }
  return { ctx, page };
}

/** Where the first heading and the header's call link are, in CSS pixels from the top. */
function firstScreen() {
  const box = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { top: Math.round(r.top), bottom: Math.round(r.bottom), width: Math.round(r.width) };
  };
  return {
    h1: box(document.querySelector("main h1")),
    call: box(document.querySelector("header a[href^='tel:']")),
    height: innerHeight,
    wider: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  };
}

async function checkFirstScreen(browser, origin, paths) {
  const rows = [];
  for (const path of paths) {
    for (const mode of MODES) {
      checks++;
      const { ctx, page } = await context(browser, mode);
      await page.goto(origin + path, { waitUntil: "load" });
      if (mode.readerLarge) {
        // As a resident does it: open the menu, tick «Більший текст».
        await page.locator("details.menu > summary").click();
        await page.locator("#reader-large").check();
        await page.locator("details.menu > summary").click();
      }
      const s = await page.evaluate(firstScreen);
      rows.push(`${path} ${mode.name}: h1 at ${s.h1 ? s.h1.top : "—"}–${s.h1 ? s.h1.bottom : "—"} of ${s.height}`);
      if (!s.h1) fail(path, "first-screen", `${mode.name}: no <h1> in main`);
      else if (!(s.h1.top >= 0 && s.h1.top < s.height)) {
        fail(path, "first-screen", `${mode.name}: the <h1> starts at ${s.h1.top} px, below the first screen (${s.height} px)`);
      }
      if (!s.call || s.call.bottom > s.height || s.call.width === 0) {
        fail(path, "hotline", `${mode.name}: no call link in the header's first screen (${JSON.stringify(s.call)})`);
      }
      // 180 CSS pixels (zoom-200) is narrower than the 320 WCAG asks pages to fit.
      if (s.wider > 0 && mode.width >= 320) fail(path, "first-screen", `${mode.name}: the page is ${s.wider} px wider than the screen`);
      if (opts.shots) await page.screenshot({ path: join(opts.shots, shotName(path, mode.name)) });
      await ctx.close();
    }
  }
  return rows;
}

async function checkMenuWithoutJs(browser, origin) {
  checks++;
  const { ctx, page } = await context(browser, MODES[0], false);
  await page.goto(origin + "/");
  const nav = page.locator("details.menu nav a").first();
  if (await nav.isVisible()) fail("/", "menu", "the menu's links show before «Меню» is pressed");
  await page.locator("details.menu > summary").click();
  if (!(await nav.isVisible())) fail("/", "menu", "without JavaScript, «Меню» does not show the menu's links");
  if (opts.shots) await page.screenshot({ path: join(opts.shots, "home-menu-no-js.png") });
  const href = await nav.getAttribute("href");
  await nav.click();
  await page.waitForURL((u) => u.pathname === href).catch(() => {});
  if (new URL(page.url()).pathname !== href) fail("/", "menu", `following the menu's first link leads to ${page.url()}, not ${href}`);
  await ctx.close();
}

async function checkReaderWithoutJs(browser, origin, path) {
  checks++;
  const { ctx, page } = await context(browser, MODES[0], false);
  await page.goto(origin + path);
  const measure = () =>
    page.evaluate(() => ({
      h1: document.querySelector("main h1").getBoundingClientRect().height,
      bg: getComputedStyle(document.querySelector(".page")).backgroundColor,
      text: getComputedStyle(document.querySelector("main")).color,
    }));
  const before = await measure();
  await page.locator("details.menu > summary").click();
  await page.locator('label[for="reader-large"]').click();
  await page.locator('label[for="reader-contrast"]').click();
  const after = await measure();
  if (!(after.h1 > before.h1 * 1.2)) {
    fail(path, "reader", `without JavaScript, larger text leaves the heading ${before.h1} → ${after.h1} px tall`);
  }
  if (after.text !== "rgb(0, 0, 0)" || after.bg !== "rgb(255, 255, 255)") {
    fail(path, "reader", `without JavaScript, higher contrast gives text ${after.text} on ${after.bg}`);
  }
  if (opts.shots) await page.screenshot({ path: join(opts.shots, shotName(path, "reader-no-js")) });
  // Keyboard only: the box the Tab key reaches after the skip link shows itself and its name.
  await page.goto(origin + path);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  const focus = await page.evaluate(() => {
    const el = document.activeElement;
    const name = el && el.nextElementSibling;
    const r = el.getBoundingClientRect();
    return {
      id: el.id,
      visible: r.width >= 16 && r.height >= 16 && r.top >= 0,
      label: name && getComputedStyle(name).display !== "none" ? name.textContent : null,
    };
  });
  if (focus.id !== "reader-large" || !focus.visible || !focus.label) {
    fail(path, "reader", `without JavaScript, the second Tab reaches ${JSON.stringify(focus)}, not a visible «larger text» box`);
  }
  await ctx.close();
  // The stylesheet asks no element about its children: the compiled CSS has no :has().
  const css = await (await fetch(origin + (await cssPath(origin, path)))).text();
  checks++;
  if (css.includes(":has(")) fail(path, "reader", "the stylesheet uses :has(), which the browsers it is compiled for lack");
}

async function cssPath(origin, path) {
  const html = await (await fetch(origin + path)).text();
  return (html.match(/<link rel="stylesheet" href="([^"]+)"/) || [])[1];
}

/** The instruction whose main text is longest. */
async function longestInstruction(root) {
  let best = null;
  const dir = join(root, "instruktsii");
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name === "storinka") continue;
    const html = await readFile(join(dir, e.name, "index.html"), "utf8").catch(() => "");
    const prose = (html.match(/<div class="prose">([\s\S]*?)<\/div>/) || [])[1] || "";
    const size = prose.replace(/<[^>]+>/g, "").length + (prose.match(/<img /g) || []).length * 400;
    if (!best || size > best.size) best = { path: `/instruktsii/${e.name}/`, size };
  }
  return best && best.path;
}

async function checkPrint(browser, origin, root, path) {
  checks++;
  const dir = opts.pdf || (await mkdtemp(join(tmpdir(), "hromada-print-")));
  const file = join(dir, shotName(path, "print").replace(/\.png$/, ".pdf"));
  const { ctx, page } = await context(browser, { width: 1280, height: 800, scale: 1 });
  await page.goto(origin + path, { waitUntil: "load" });
  const permalink = await page.evaluate(() => document.querySelector('link[rel="canonical"]').href);
  // Chromium's print dialog with its default margins.
  await page.pdf({ path: file, format: "A4", margin: { top: "1cm", bottom: "1cm", left: "1cm", right: "1cm" } });
  await ctx.close();
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  const pages = Number((info.match(/^Pages:\s+(\d+)/m) || [])[1]);
  if (!(pages >= 1 && pages <= 2)) fail(path, "print", `${pages} A4 pages, more than 2`);
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  if (!text.replace(/\s+/g, "").includes(permalink)) fail(path, "print", `the printed page does not give its address ${permalink}`);
  for (const hidden of ["Меню", "Зручність читання", "Перейти до змісту"]) {
    if (text.includes(hidden)) fail(path, "print", `the printed page shows «${hidden}»`);
  }
  execFileSync("pdftoppm", ["-r", "150", "-png", file, join(dir, "page")]);
  const pngs = (await readdir(dir)).filter((f) => f.startsWith("page") && f.endsWith(".png")).sort();
  let decoded = "";
  for (const png of pngs) {
    try {
      decoded += execFileSync("zbarimg", ["--quiet", "--raw", join(dir, png)], { encoding: "utf8" });
    } catch {
      // No code on this page.
    }
  }
  if (!decoded.split("\n").includes(permalink)) fail(path, "print", `no QR code that reads ${permalink} (read: ${JSON.stringify(decoded.trim())})`);
  if (!opts.pdf) await rm(dir, { recursive: true, force: true });
  return `${path}: ${pages} A4 page(s)`;
}

const root = resolve(opts.site);
if (opts.shots) await mkdir(opts.shots, { recursive: true });
if (opts.pdf) await mkdir(opts.pdf, { recursive: true });
const server = await serve(root);
const browser = await launch();
const instruction = await longestInstruction(root);
try {
  const rows = await checkFirstScreen(browser, server.origin, ["/", instruction, "/mistsia/", opts.hotline]);
  for (const r of rows) console.log(r);
  await checkMenuWithoutJs(browser, server.origin);
  await checkReaderWithoutJs(browser, server.origin, instruction);
  console.log(await checkPrint(browser, server.origin, root, instruction));
} catch (e) {
  failures.push(`FAIL (site) error: ${e.message.split("\n")[0]}`);
}
await browser.close();
await server.close();
for (const f of failures) console.log(f);
console.log(`residents: ${checks} checks, ${failures.length} failures`);
process.exit(failures.length ? 1 : 0);
