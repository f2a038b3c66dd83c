// The four things a 68-year-old resident came to the site for, on a 360×640 phone in
// headless Chromium, each from the home page with the taps counted:
//
//   node tests/browser/journeys.mjs --site public [--shots DIR]
//
// Journeys, each failure printed as `FAIL <journey> <detail>`:
//   hotline   call the hotline: 1 tap, on a call link with the hotline's number that shows
//             in the first screen without scrolling
//   signature a place that helps with Дія.Підпис and is open now: at most 2 taps — the
//             instruction, then a place its «Де з цим допоможуть» says is «Відчинено зараз»
//   course    a free course for older people whose registration is open: at most 3 taps —
//             all events, «Люди старшого віку», then the first free course whose card does
//             not say «Запис закрито» or «Місць немає»; its page gives the deadline and a
//             phone to sign up by
//   diia      install Дія, then create Дія.Підпис to sign documents: 1 tap to the first
//             instruction and 1 more to the second, each with its numbered steps on screen
//
// A tap is a real click (Playwright's: on the element's centre, after scrolling it into
// view, only if it is visible and nothing covers it) on what a resident reads — the link's
// words — never a jump by address. A journey is a fixed list of taps: if the site needed
// one more, the next tap's words would not be on the page and the journey fails. The clock
// is fixed at Tuesday 24 November 2026, 10:00 in Kyiv, so «open now» is always the same.
// The screenshot of each journey's end stays in DIR. Prints `journeys: N journeys, M
// failures` and a line per journey with its taps, and exits 1 on any failure.

import { mkdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { launch } from "./check-site.mjs";
import { serve } from "./serve.mjs";

const argv = process.argv.slice(2);
const opts = { site: "public", shots: null };
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--site") opts.site = argv[++i];
  else if (argv[i] === "--shots") opts.shots = argv[++i];
  else throw new Error(`unknown argument ${argv[i]}`);
}

const PHONE = { viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, serviceWorkers: "block" };
const NOW = "2026-11-24T10:00:00+02:00";
const HOTLINE = "0800000000";

const site = resolve(opts.site);
const places = JSON.parse(await readFile(join(site, "mistsia/dopomoha/index.json"), "utf8"));
const server = await serve(site);
const browser = await launch();
if (opts.shots) await mkdir(opts.shots, { recursive: true });
const failures = [];
let journeys = 0;

/** A resident's phone on the home page, with the clock fixed and tel: links kept on it. */
async function home() {
  const ctx = await browser.newContext(PHONE);
  await ctx.clock.setFixedTime(new Date(NOW));
  // A call link hands the number to the phone's dialer: remember which number, and stay.
  await ctx.addInitScript(() => {
    addEventListener("click", (e) => {
      const a = e.target.closest && e.target.closest("a[href^='tel:']");
      if (a) {
        sessionStorage.setItem("called", a.getAttribute("href"));
        e.preventDefault();
      }
    }, true);
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(5000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(server.origin + "/", { waitUntil: "load" });
  return { ctx, page, errors, taps: 0, path: [] };
}

/** One tap on `locator` as a resident does it; the page it leads to has loaded after. */
async function tap(j, locator, what) {
  const target = locator.first();
  const before = j.page.url();
  await target.click();
  j.taps++;
  j.path.push(what);
  if (j.page.url() !== before) await j.page.waitForLoadState("load");
}

/** Whether `locator`'s element is on the screen now, wholly. */
async function onScreen(page, locator) {
  const box = await locator.boundingBox();
  const { height, width } = page.viewportSize();
  return !!box && box.y >= 0 && box.y + box.height <= height && box.x >= 0 && box.x + box.width <= width;
}

async function journey(name, limit, run) {
  journeys++;
  const j = await home();
  let ok = true;
  const fail = (detail) => {
    ok = false;
    failures.push(`FAIL ${name} ${detail}`);
  };
  try {
    await run(j, fail);
  } catch (e) {
    fail(`after ${j.taps} tap(s) (${j.path.join(" → ")}): ${e.message.split("\n")[0]}`);
  }
  if (j.taps > limit) fail(`${j.taps} taps, more than ${limit}`);
  for (const e of j.errors) fail(`script error: ${e}`);
  if (opts.shots) await j.page.screenshot({ path: join(opts.shots, `${name}.png`) });
  console.log(`${name}: ${j.taps} tap(s) of at most ${limit}: / → ${j.path.join(" → ")}${ok ? "" : " (failed)"}`);
  await j.ctx.close();
}

// The hotline: its call link shows in the first screen, without scrolling, and one tap calls.
await journey("hotline", 1, async (j, fail) => {
  const call = j.page.locator("a[href^='tel:']").filter({ visible: true }).first();
  if (!(await onScreen(j.page, call))) fail(`the first call link is not in the first screen: ${JSON.stringify(await call.boundingBox())}`);
  const scrolled = await j.page.evaluate(() => scrollY);
  await tap(j, call, `«${(await call.innerText()).replace(/\s+/g, " ").trim()}»`);
  const called = await j.page.evaluate(() => sessionStorage.getItem("called"));
  if (scrolled !== 0) fail(`the page was scrolled by ${scrolled} px before the tap`);
  if ((called || "").replace(/\D/g, "") !== HOTLINE) fail(`the tap calls ${called}, not the hotline ${HOTLINE}`);
});

// Дія.Підпис: the instruction, then a place that helps with it and is open now.
await journey("signature", 2, async (j, fail) => {
  await tap(j, j.page.locator("main").getByRole("link", { name: "Дія.Підпис", exact: true }), "«Дія.Підпис»");
  const open = j.page.locator("section.nearby .venue").filter({ has: j.page.locator(".open-now", { hasText: /^Відчинено зараз/ }) }).first();
  const link = open.locator("h3 a");
  const name = (await link.innerText()).trim();
  const id = (await link.getAttribute("href")).replace(/^\/mistsia\//, "").replace(/\/$/, "");
  const status = (await open.locator(".open-now").innerText()).trim();
  const need = places.needs.indexOf("diia-pidpys");
  const place = places.places.find((p) => p[0] === id);
  if (!place || !place[10].includes(need)) fail(`${id} does not help with Дія.Підпис`);
  if ((await open.locator("a[href^='tel:']").count()) !== 1) fail(`${name}: no call button on its card`);
  await tap(j, link, `«${name}» (${status})`);
  const h1 = (await j.page.locator("main h1").innerText()).trim();
  if (h1 !== name) fail(`the place's page says «${h1}», not «${name}»`);
  const call = j.page.locator("main a[href^='tel:']").first();
  if (!(await call.isVisible())) fail(`${name}'s page shows no call link`);
});

// A free course for older people whose registration is open.
await journey("course", 3, async (j, fail) => {
  await tap(j, j.page.locator("main").getByRole("link", { name: "Усі події", exact: true }), "«Усі події»");
  await tap(j, j.page.locator("main").getByRole("link", { name: /^Люди старшого віку/ }), "«Люди старшого віку»");
  const cards = j.page.locator("main li.card.event");
  const texts = await cards.evaluateAll((cs) => cs.map((c) => c.innerText.replace(/\s+/g, " ")));
  const closed = texts.findIndex((t) => / Курс · /.test(` ${t}`) && /Запис закрито|Місць немає/.test(t));
  const i = texts.findIndex((t) => /(^| )Курс · /.test(t) && /Безкоштовно/.test(t) && !/Запис закрито|Місць немає/.test(t));
  if (i < 0) throw new Error(`no free course with open registration among ${texts.length} cards for older people`);
  // The closed course comes first: the resident passes it by, because its card says so.
  if (closed < 0 || closed > i) fail(`the closed course's card does not come first saying «Запис закрито» (${closed}, ${i})`);
  const title = cards.nth(i).locator("h3 a");
  const name = (await title.innerText()).trim();
  await tap(j, title, `«${name}»`);
  const fact = j.page.locator("dl.facts > div").filter({ has: j.page.locator("dt", { hasText: "Реєстрація" }) });
  const said = (await fact.locator("dd").innerText()).replace(/\s+/g, " ");
  if (!/^Запис до \d/.test(said)) fail(`«${name}»: registration says «${said}»`);
  const signUp = fact.locator("a[href^='tel:']").first();
  await signUp.scrollIntoViewIfNeeded();
  if (!(await signUp.isVisible()) || !(await onScreen(j.page, signUp))) fail(`«${name}»: no phone to sign up by`);
  const ld = await j.page.$$eval("script[type='application/ld+json']", (ss) => ss.map((s) => JSON.parse(s.textContent)).find((v) => v["@type"] === "Event"));
  if (!ld || ld.offers.availability !== "https://schema.org/InStock" || Number(ld.offers.price) !== 0) {
    fail(`«${name}»: JSON-LD offers ${JSON.stringify(ld && ld.offers)}`);
  }
  if (!/старшого віку/.test(await j.page.locator("main").innerText())) fail(`«${name}» does not say it is for older people`);
});

// Install Дія, then create Дія.Підпис to sign documents: each instruction's steps on screen.
await journey("diia", 2, async (j, fail) => {
  const steps = async (title) => {
    const h1 = (await j.page.locator("main h1").innerText()).trim();
    if (h1 !== title) fail(`reached «${h1}», not «${title}»`);
    const list = j.page.locator("main ol").first();
    const n = await list.locator(":scope > li").count();
    const first = list.locator(":scope > li").first();
    await first.scrollIntoViewIfNeeded();
    if (n < 3 || !(await onScreen(j.page, first))) fail(`«${title}»: ${n} steps, the first on screen: ${await onScreen(j.page, first)}`);
    if (opts.shots) await j.page.screenshot({ path: join(opts.shots, `diia-${j.taps}.png`) });
  };
  await tap(j, j.page.locator("main").getByRole("link", { name: "Дію", exact: true }), "«Дію»");
  await steps("Як встановити Дію і увійти");
  if (j.taps !== 1) fail(`${j.taps} taps to the installation's steps, not 1`);
  await tap(j, j.page.locator("main").getByRole("link", { name: "Дія.Підпис", exact: true }), "«Дія.Підпис»");
  await steps("Як створити Дія.Підпис");
});

for (const f of failures) console.log(f);
console.log(`journeys: ${journeys} journeys, ${failures.length} failures`);
await browser.close();
await server.close();
process.exit(failures.length ? 1 : 0);
