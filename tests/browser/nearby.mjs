// «Де допоможуть» as a resident on a 360×640 phone uses it, in headless Chromium:
//
//   node tests/browser/nearby.mjs --site public [--shots DIR]
//
// Checks, each failure printed as `FAIL <url> <rule>: <detail>`:
//   two-taps     from the home page, a place that helps with Дія.Підпис and is open now is
//                reached in at most two taps: the instruction, then the place (its card says
//                «Відчинено зараз, до …» and has a call button)
//   open-now     with the clock fixed (the phone's own time zone elsewhere), known places at
//                known Kyiv times say «Відчинено зараз, до 18:00», «Зачинено, відчинять у
//                понеділок о 9:00» …, in winter and in summer time
//   nearest      with the position mocked, «Найближчі до мене» lists the places that help
//                with the need in the order of their distance (worked out here from the
//                places' data), on a need's page and in an instruction's short list
//   children     a children's club is never offered for Дія.Підпис or for any help, even
//                next door; it is for children's classes
//   no-js        without JavaScript a need's page still says the hours in words, with a
//                call and the way there on every card
//   console      no errors in the console
// Prints `nearby: N checks, M failures` and exits 1 on any failure.

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

const failures = [];
let checks = 0;
function check(ok, path, rule, detail) {
  checks++;
  if (!ok) failures.push(`FAIL ${path} ${rule}: ${detail}`);
  return ok;
}

const PHONE = { viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, serviceWorkers: "block" };
const NEED = "/mistsia/dopomoha/diia-pidpys/";
const INSTRUCTION = "/instruktsii/diia-pidpys/";
const CLUB = "/mistsia/code-club-balashivka/";

const site = resolve(opts.site);
const data = JSON.parse(await readFile(join(site, "mistsia/dopomoha/index.json"), "utf8"));
const server = await serve(site);
const browser = await launch();
if (opts.shots) await mkdir(opts.shots, { recursive: true });
const errors = [];

async function open(path, ctxOpts = {}, clock = null) {
  const ctx = await browser.newContext({ ...PHONE, ...ctxOpts });
  if (clock) await ctx.clock.setFixedTime(new Date(clock));
  const page = await ctx.newPage();
  page.setDefaultTimeout(5000);
  page.on("pageerror", (e) => errors.push(`${path}: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${path}: ${m.text()}`);
  });
  await page.goto(server.origin + path, { waitUntil: "load" });
  return { ctx, page };
}

async function shot(page, name) {
  if (opts.shots) await page.screenshot({ path: join(opts.shots, name) });
}

/** The ids of the places whose cards are under `scope`, in order. */
async function cardIds(page, scope) {
  return page.$$eval(`${scope} .venue h3 a`, (as) =>
    as.map((a) => a.getAttribute("href").replace(/^\/mistsia\//, "").replace(/\/$/, "")));
}

/** What the card of place `id` on the page says about its hours now. */
async function statusOf(page, id) {
  return page.$eval(`.venue:has(h3 a[href="/mistsia/${id}/"]) .open-now`, (p) => (p.hidden ? "" : p.textContent));
}

function helps(id, need) {
  const n = data.needs.indexOf(need);
  const p = data.places.find((x) => x[0] === id);
  return !!p && p[10].includes(n);
}

// The order of distance, worked out independently of the page's script.
function byDistance(need, lat, lon) {
  const n = data.needs.indexOf(need);
  const r = Math.PI / 180;
  // The haversine formula.
  const d = (p) => {
    const a = Math.sin(((p[5] - lat) * r) / 2) ** 2 +
      Math.cos(lat * r) * Math.cos(p[5] * r) * Math.sin(((p[6] - lon) * r) / 2) ** 2;
    return 2 * Math.asin(Math.sqrt(a));
  };
  return data.places.filter((p) => p[5] !== null && p[10].includes(n)).sort((a, b) => d(a) - d(b)).map((p) => p[0]);
}

// ---- two-taps: home → the instruction → a place open now. Tuesday 10:00 in Kyiv. ----
{
  const { ctx, page } = await open("/", {}, "2026-11-24T10:00:00+02:00");
  let taps = 0;
  const link = page.locator(`main a[href="${INSTRUCTION}"]`).first();
  await link.click();
  taps++;
  await page.waitForURL(`**${INSTRUCTION}`);
  const section = page.locator("section.nearby");
  const first = section.locator(".venue").first();
  const status = await first.locator(".open-now").textContent().catch(() => "");
  const id = (await cardIds(page, "section.nearby"))[0];
  check(/^Відчинено зараз, до \d/.test(status), INSTRUCTION, "two-taps", `the first place of «Де з цим допоможуть» says «${status}»`);
  check(helps(id, "diia-pidpys"), INSTRUCTION, "two-taps", `${id} does not help with Дія.Підпис`);
  check((await first.locator('a[href^="tel:"]').count()) === 1, INSTRUCTION, "two-taps", "the first place has no call button");
  await section.evaluate((e) => e.scrollIntoView());
  await shot(page, "instruction-nearby.png");
  const name = await first.locator("h3 a").textContent();
  await first.locator("h3 a").click();
  taps++;
  await page.waitForURL(`**/mistsia/${id}/`);
  const h1 = await page.locator("h1").textContent();
  check(h1.trim() === name.trim() && taps <= 2, "/", "two-taps", `${taps} taps reached «${h1}»`);
  console.log(`two taps: / → ${INSTRUCTION} → /mistsia/${id}/ («${status}»)`);
  await ctx.close();
}

// ---- open-now: known places at known Kyiv times; the phone's own zone is New York. ----
const TIMES = [
  [NEED, "2026-11-24T10:00:00+02:00", "tsentralna-biblioteka", "Відчинено зараз, до 18:00"],
  [NEED, "2026-11-28T17:00:00+02:00", "tsentralna-biblioteka", "Зачинено, відчинять у понеділок о 9:00"],
  [NEED, "2026-11-30T08:30:00+02:00", "tsentralna-biblioteka", "Зачинено, відчинять сьогодні о 9:00"],
  [NEED, "2026-11-27T19:00:00+02:00", "tsentralna-biblioteka", "Зачинено, відчинять завтра о 10:00"],
  // Summer time: 06:30 UTC is 09:30 in Kyiv (08:30 at winter's offset: closed).
  [NEED, "2026-07-06T06:30:00Z", "tsentralna-biblioteka", "Відчинено зараз, до 18:00"],
  [NEED, "2026-11-25T19:00:00+02:00", "tsnap-tsentr", "Відчинено зараз, до 20:00"],
  [NEED, "2026-11-26T16:30:00+02:00", "tsnap-viddil-nove", "Зачинено, відчинять у вівторок о 9:00"],
  ["/mistsia/dopomoha/diia/", "2026-11-28T09:00:00+02:00", "khab-tsyfrovoi-osvity", "Зачинено, відчинять сьогодні об 11:00"],
];
for (const [path, time, id, want] of TIMES) {
  const { ctx, page } = await open(path, { timezoneId: "America/New_York" }, time);
  const got = await statusOf(page, id).catch((e) => `(${e.message.split("\n")[0]})`);
  check(got === want, path, "open-now", `${id} at ${time}: «${got}», not «${want}»`);
  await ctx.close();
}
// Past midnight and round the clock, from the week the build makes (Week::compact).
{
  const { ctx, page } = await open(NEED, {}, "2026-11-24T10:00:00+02:00");
  const said = await page.evaluate(() => {
    const n = window.hromadaNearby;
    const late = n.parseWeek("1200-1440|0-120,1200-1440|0-120,1200-1440|0-120,1200-1440|0-120,1200-1440|0-120|");
    return [
      n.status(late, { day: 0, min: 23 * 60 }).text,
      n.status(late, { day: 5, min: 60 }).text,
      n.status(late, { day: 5, min: 3 * 60 }).text,
      n.status(n.parseWeek(Array(7).fill("0-1440").join("|")), { day: 3, min: 0 }).text,
    ];
  });
  const want = [
    "Відчинено зараз, до 2:00",
    "Відчинено зараз, до 2:00",
    "Зачинено, відчинять у понеділок о 20:00",
    "Відчинено цілодобово",
  ];
  check(JSON.stringify(said) === JSON.stringify(want), NEED, "open-now", `past midnight: ${JSON.stringify(said)}`);
  await ctx.close();
}

// ---- nearest: the position mocked; the order of distance. ----
for (const [where, lat, lon] of [["Нове", 48.536, 32.219], ["центр міста", 48.5106, 32.2605]]) {
  const { ctx, page } = await open(NEED, { geolocation: { latitude: lat, longitude: lon }, permissions: ["geolocation"] }, "2026-11-24T10:00:00+02:00");
  await page.click("[data-nearby-locate]");
  await page.waitForSelector(".nearby-found .venue");
  const got = await cardIds(page, ".nearby-found");
  const want = byDistance("diia-pidpys", lat, lon);
  check(JSON.stringify(got) === JSON.stringify(want.slice(0, got.length)) && got.length === Math.min(10, want.length),
    NEED, "nearest", `from ${where}: ${got.join(", ")}; by distance ${want.join(", ")}`);
  const focused = await page.evaluate(() => document.activeElement.id);
  check(focused === "nayblyzhchi", NEED, "nearest", `focus after finding is on «${focused}», not the list's heading`);
  const first = await page.locator(".nearby-found .venue .distance").first().textContent();
  check(/^\d+(,\d)?\u00a0(м|км) від вас$/.test(first), NEED, "nearest", `the distance reads «${first}»`);
  if (where === "Нове") await shot(page, "need-nearest.png");
  await ctx.close();
}
{
  const [lat, lon] = [48.536, 32.219];
  const { ctx, page } = await open(INSTRUCTION, { geolocation: { latitude: lat, longitude: lon }, permissions: ["geolocation"] }, "2026-11-24T10:00:00+02:00");
  const before = await cardIds(page, "section.nearby");
  await page.click("section.nearby [data-nearby-locate]");
  await page.waitForFunction(() => document.querySelector("section.nearby .venue .distance"));
  const got = await cardIds(page, "section.nearby");
  const want = byDistance("diia-pidpys", lat, lon).slice(0, before.length);
  check(JSON.stringify(got) === JSON.stringify(want), INSTRUCTION, "nearest", `short list from Нове: ${got.join(", ")}; by distance ${want.join(", ")}`);
  await ctx.close();
}

// ---- children: next door to the code club, it is still not offered to an adult. ----
{
  const club = data.places.find((p) => p[0] === "code-club-balashivka");
  const near = { geolocation: { latitude: club[5], longitude: club[6] }, permissions: ["geolocation"] };
  for (const path of [NEED, "/mistsia/dopomoha/", INSTRUCTION]) {
    const { ctx, page } = await open(path, near, "2026-11-25T16:30:00+02:00");
    const listed = await page.locator(`main a[href="${CLUB}"]`).count();
    await page.click("[data-nearby-locate]");
    await page.waitForSelector(".venue .distance");
    const nearest = await page.locator(`main a[href="${CLUB}"]`).count();
    check(listed === 0 && nearest === 0, path, "children", `the code club is offered (${listed} in the list, ${nearest} after «Найближчі до мене»)`);
    await ctx.close();
  }
  const { ctx, page } = await open("/mistsia/dopomoha/dlia-ditei/", near, "2026-11-25T16:30:00+02:00");
  check((await page.locator(`main a[href="${CLUB}"]`).count()) === 1, "/mistsia/dopomoha/dlia-ditei/", "children", "the code club is not among children's classes");
  check((await statusOf(page, "code-club-balashivka")) === "Відчинено зараз, до 17:30", "/mistsia/dopomoha/dlia-ditei/", "children", "the code club's hours on Wednesday at 16:30");
  await ctx.close();
}

// ---- no-js: the hours in words, a call and the way on every card. ----
{
  const { ctx, page } = await open(NEED, { javaScriptEnabled: false });
  const cards = await page.$$eval("main section .venue", (cs) => cs.map((c) => ({
    hours: (c.querySelector(".hours") || { textContent: "" }).textContent,
    status: c.querySelector(".open-now") ? c.querySelector(".open-now").hidden : true,
    geo: !!c.querySelector('a[href^="geo:"]'),
    tel: !!c.querySelector('a[href^="tel:"]'),
  })));
  const ok = cards.length > 0 && cards.every((c) => c.hours && c.status && c.geo && c.tel);
  check(ok, NEED, "no-js", JSON.stringify(cards));
  const tools = await page.locator("[data-nearby-page]").isHidden();
  check(tools, NEED, "no-js", "«Найближчі до мене» shows without the script that answers it");
  await shot(page, "need-no-js.png");
  await ctx.close();
}

// The first screen of /mistsia/ and of a need's page, for people to look at.
for (const [path, name] of [["/mistsia/", "mistsia.png"], [NEED, "need.png"]]) {
  const { ctx, page } = await open(path, {}, "2026-11-24T10:00:00+02:00");
  await shot(page, name);
  await ctx.close();
}

for (const e of errors) check(false, "", "console", e);
for (const f of failures) console.log(f);
console.log(`nearby: ${checks} checks, ${failures.length} failures`);
await browser.close();
await server.close();
process.exit(failures.length ? 1 : 0);
