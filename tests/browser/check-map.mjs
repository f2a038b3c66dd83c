// The map page in headless Chromium, once per site (run by check-site.mjs):
//   map-no-js      with JavaScript off the map, every venue in a marker (its own, or a group's
//                  disc whose number counts it; each a link with a name) and the list are
//                  there, a group links into its settlement's list, and the controls that
//                  need JS are not shown
//   map-zoom       the + / − / whole-map buttons change the view
//   map-keyboard   with the map focused, + − arrows and 0 zoom, move and reset it
//   map-filter     unticking a kind hides its markers and list entries; ticking a service
//                  leaves only the places that have it
//   map-nearest    "nearest to me" with a granted position lists the nearest venue first
//   map-groups     at 360 px every name shown is at least 12 px, zoomed out and in; zooming
//                  in spreads the groups into more markers that still count every venue;
//                  following a group opens its settlement's list
//   map-offline    after one visit the map and a venue page open with the network off
// With --shots DIR, screenshots of each state are saved there for people to look at.
import { join } from "node:path";

/** The view box as numbers. */
const viewBox = (page) =>
  page.evaluate(() => document.querySelector("#map").getAttribute("viewBox").split(" ").map(Number));

/** The markers drawn: venues' own, groups, and how many venues they count in all. */
const drawnMarkers = (page) =>
  page.evaluate(() => {
    const shown = (el) => el.checkVisibility();
    const ones = [...document.querySelectorAll("#map a.mk")].filter(shown);
    const groups = [...document.querySelectorAll("#map a.mk-g")].filter(shown);
    const inGroups = groups.reduce((n, g) => n + Number(g.querySelector("text").textContent), 0);
    return { ones: ones.length, groups: groups.length, venues: ones.length + inGroups };
  });

/** The smallest name shown on the map, in CSS pixels, and how many are shown. */
const nameSizes = (page) =>
  page.evaluate(() => {
    // (checkVisibility does not see an SVG group's display: none.)
    const groups = [...document.querySelectorAll("#map .map-labels")].filter((g) => getComputedStyle(g).display !== "none");
    const texts = groups.flatMap((g) => [...g.querySelectorAll("text")]);
    const px = texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
    return { shown: texts.length, smallest: px.length ? Math.min(...px) : Infinity };
  });

function haversine(a, b) {
  const r = Math.PI / 180;
  const h =
    Math.sin(((b[1] - a[1]) * r) / 2) ** 2 +
    Math.cos(a[1] * r) * Math.cos(b[1] * r) * Math.sin(((b[0] - a[0]) * r) / 2) ** 2;
  return 12742018 * Math.asin(Math.sqrt(h));
}

export async function checkMap(browser, origin, path, shots) {
  const failures = [];
  const fail = (rule, detail) => failures.push({ rule, detail: `${path}: ${detail}` });
  const shot = async (page, name) => {
    if (shots) await page.locator(".map-figure").screenshot({ path: join(shots, name) });
  };

  // Without JavaScript.
  const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  let page = await noJs.newPage();
  page.setDefaultTimeout(5000);
  await page.goto(origin + path);
  const plain = await page.evaluate(() => {
    const svg = document.querySelector("#map");
    const box = svg && svg.getBoundingClientRect();
    const markers = [...document.querySelectorAll("#map a.mk, #map a.mk-g")];
    const groups = [...document.querySelectorAll("#map a.mk-g")];
    return {
      height: box ? box.height : 0,
      markers: markers.length,
      venues:
        document.querySelectorAll("#map a.mk").length +
        groups.reduce((n, g) => n + Number(g.querySelector("text").textContent), 0),
      intoLists: groups.filter((g) => {
        const t = document.getElementById(g.getAttribute("href").slice(1));
        return t && t.closest("details") && t.querySelector("li");
      }).length,
      groups: groups.length,
      named: markers.filter((m) => (m.getAttribute("aria-label") || "").length > 3 && m.getAttribute("href")).length,
      located: document.querySelectorAll(".map-places li[data-ll]").length,
      listed: document.querySelectorAll(".map-places li").length,
      toolsShown: !!document.querySelector(".map-tools")?.checkVisibility(),
      legend: document.querySelectorAll(".map-legend li").length,
    };
  });
  if (plain.height < 150) fail("map-no-js", `the map is ${plain.height}px tall`);
  if (!plain.markers || plain.venues !== plain.located) {
    fail("map-no-js", `${plain.markers} markers count ${plain.venues} venues of ${plain.located} located`);
  }
  if (plain.intoLists !== plain.groups) fail("map-no-js", `${plain.groups - plain.intoLists} groups link to no settlement's list`);
  if (plain.named !== plain.markers) fail("map-no-js", `${plain.markers - plain.named} markers without a link or a name`);
  if (plain.toolsShown) fail("map-no-js", "the filters are shown though they need JavaScript");
  if (!plain.listed || !plain.legend) fail("map-no-js", "no list of venues or no legend");
  await shot(page, "map-no-js.png");
  await noJs.close();

  // With JavaScript: zoom, keyboard, filters, nearest to me.
  const first = await (async () => {
    const ctx = await browser.newContext({ serviceWorkers: "block", javaScriptEnabled: false });
    const p = await ctx.newPage();
    await p.goto(origin + path);
    const ll = await p.evaluate(() => [...document.querySelectorAll(".map-places li[data-ll]")].map((li) => ({
      name: li.querySelector("a").textContent.trim(),
      ll: li.getAttribute("data-ll").split(",").map(Number),
    })));
    await ctx.close();
    return ll;
  })();
  // The reader stands 300 m north of the last venue in the list.
  const me = first.length ? [first[first.length - 1].ll[0], first[first.length - 1].ll[1] + 0.0027] : [32.26, 48.51];
  const ctx = await browser.newContext({
    serviceWorkers: "block",
    viewport: { width: 1280, height: 900 },
    permissions: ["geolocation"],
    geolocation: { longitude: me[0], latitude: me[1] },
  });
  page = await ctx.newPage();
  page.setDefaultTimeout(5000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(origin + path);
  if (!(await page.locator(".map-tools").isVisible())) fail("map-filter", "the filters are not shown with JavaScript");
  const full = await viewBox(page);
  await page.locator("[data-zoom=in]").click();
  const zoomed = await viewBox(page);
  if (!(zoomed[2] < full[2] * 0.8)) fail("map-zoom", `+ left the view at ${zoomed.join(" ")}`);
  await shot(page, "map-zoomed.png");
  await page.locator("[data-zoom=reset]").click();
  if ((await viewBox(page)).join(" ") !== full.join(" ")) fail("map-zoom", "«whole map» does not restore the view");

  await page.locator("#map-frame").focus();
  await page.keyboard.press("+");
  await page.keyboard.press("+");
  const k1 = await viewBox(page);
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowDown");
  const k2 = await viewBox(page);
  await page.keyboard.press("-");
  const k3 = await viewBox(page);
  await page.keyboard.press("0");
  const k4 = await viewBox(page);
  if (!(k1[2] < full[2] * 0.5)) fail("map-keyboard", `+ + gives ${k1.join(" ")}`);
  if (!(k2[0] > k1[0] && k2[1] > k1[1])) fail("map-keyboard", `arrows move ${k1.join(" ")} to ${k2.join(" ")}`);
  if (!(k3[2] > k2[2])) fail("map-keyboard", "− does not zoom out");
  if (k4.join(" ") !== full.join(" ")) fail("map-keyboard", "0 does not show the whole map");

  // Filters.
  const kind = await page.locator(".map-filter input[name=k]").first().getAttribute("value");
  await page.locator(`.map-filter input[name=k][value="${kind}"]`).uncheck();
  const afterKind = await page.evaluate((kind) => {
    const shown = (el) => el.checkVisibility();
    const markers = [...document.querySelectorAll("#map .mk")];
    const items = [...document.querySelectorAll(".map-places li")];
    return {
      kindShown: markers.filter((m) => m.dataset.k === kind && shown(m)).length + items.filter((i) => i.dataset.k === kind && shown(i)).length,
      othersShown: markers.filter((m) => m.dataset.k !== kind && shown(m)).length,
      others: markers.filter((m) => m.dataset.k !== kind).length,
      status: document.querySelector("#map-status").textContent,
    };
  }, kind);
  if (afterKind.kindShown) fail("map-filter", `${afterKind.kindShown} markers or entries of «${kind}» still shown`);
  if (afterKind.othersShown !== afterKind.others) fail("map-filter", "unticking one kind hid others");
  const counted = await drawnMarkers(page);
  const listed = await page.evaluate(() => [...document.querySelectorAll(".map-places li[data-ll]")].filter((li) => !li.classList.contains("is-off")).length);
  if (counted.venues !== listed) fail("map-filter", `the markers count ${counted.venues} venues, the list shows ${listed}`);
  if (!/\d/.test(afterKind.status)) fail("map-filter", `the status says «${afterKind.status}»`);
  await page.locator(`.map-filter input[name=k][value="${kind}"]`).check();
  const service = page.locator(".map-filter input[name=s]").first();
  if (await service.count()) {
    const key = await service.getAttribute("value");
    await service.check();
    const bad = await page.evaluate((key) => {
      const markers = [...document.querySelectorAll("#map .mk")];
      const shown = markers.filter((m) => m.checkVisibility());
      return {
        wrong: shown.filter((m) => !m.dataset.s.split(" ").includes(key)).length,
        missing: markers.filter((m) => m.dataset.s.split(" ").includes(key) && !m.checkVisibility()).length,
      };
    }, key);
    if (bad.wrong || bad.missing) fail("map-filter", `service «${key}»: ${bad.wrong} shown without it, ${bad.missing} with it hidden`);
    await shot(page, "map-filtered.png");
    await service.uncheck();
  }

  // Nearest to me.
  await page.locator("#map-nearest").click();
  try {
    await page.locator("#map-nearest-list li").first().waitFor();
    const listed = await page.locator("#map-nearest-list li").allTextContents();
    const expected = first
      .map((v) => ({ name: v.name, m: haversine(me, v.ll) }))
      .sort((a, b) => a.m - b.m)[0];
    if (!listed[0].startsWith(expected.name) || !/\d\s?(м|км|m|km)$/.test(listed[0])) {
      fail("map-nearest", `first is «${listed[0]}», expected ${expected.name} at ${Math.round(expected.m)} m`);
    }
    if (!(await page.locator("#map .map-you").count())) fail("map-nearest", "no «you are here» mark on the map");
    await shot(page, "map-nearest.png");
  } catch (e) {
    fail("map-nearest", `no list: ${e.message.split("\n")[0]}`);
  }
  if (errors.length) fail("map-filter", `script errors: ${errors.join("; ")}`);
  await ctx.close();

  // On a phone: names at least 12 px; zoomed in, groups spread; a group opens its list.
  const phone = await browser.newContext({ serviceWorkers: "block", viewport: { width: 360, height: 780 } });
  page = await phone.newPage();
  page.setDefaultTimeout(5000);
  await page.goto(origin + path);
  const out = await nameSizes(page);
  const before = await drawnMarkers(page);
  if (out.smallest < 11.95) fail("map-groups", `at 360 px a name is ${out.smallest.toFixed(1)} px`);
  if (before.venues !== plain.located) fail("map-groups", `the markers count ${before.venues} of ${plain.located} venues`);
  await shot(page, "map-phone.png");
  let last = await viewBox(page);
  for (let i = 0; i < 8; i++) {
    await page.locator("[data-zoom=in]").click();
    const now = await viewBox(page);
    if (now[2] === last[2]) break;
    last = now;
  }
  const closest = await nameSizes(page);
  const spread = await drawnMarkers(page);
  if (closest.smallest < 11.95) fail("map-groups", `zoomed in, a name is ${closest.smallest.toFixed(1)} px`);
  if (before.groups && !(spread.ones > before.ones && spread.groups + spread.ones > before.groups + before.ones)) {
    fail("map-groups", `zoomed in, ${spread.ones} venues and ${spread.groups} groups (zoomed out ${before.ones} and ${before.groups})`);
  }
  if (spread.venues !== plain.located) fail("map-groups", `zoomed in, the markers count ${spread.venues} of ${plain.located} venues`);
  await shot(page, "map-phone-zoomed.png");
  await page.locator("[data-zoom=reset]").click();
  const again = await drawnMarkers(page);
  if (again.groups !== before.groups || again.ones !== before.ones) fail("map-groups", "«whole map» does not bring the groups back");
  if (before.groups) {
    const group = page.locator("#map a.mk-g").first();
    const target = (await group.getAttribute("href")).slice(1);
    await group.click();
    const opened = await page.evaluate((id) => {
      const t = document.getElementById(id);
      const r = t.getBoundingClientRect();
      return { open: t.closest("details").open, seen: r.top < innerHeight && r.bottom > 0, hash: location.hash };
    }, target);
    if (!opened.open || !opened.seen) fail("map-groups", `following a group to #${target}: ${JSON.stringify(opened)}`);
  }
  await phone.close();

  // Offline after one visit: the map and a venue page the map links to.
  const off = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await off.newPage();
  page.setDefaultTimeout(10000);
  await page.goto(origin + path);
  const ready = await page.evaluate(async () => {
    const reg = await Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(() => r(null), 10000))]);
    if (!reg || !reg.active) return false;
    for (let i = 0; i < 100 && !(await caches.match(location.href)); i++) await new Promise((r) => setTimeout(r, 100));
    return !!(await caches.match(location.href));
  });
  if (!ready) {
    fail("map-offline", "the service worker did not store the map page");
  } else {
    const venue = await page.locator("#map a.mk").first().getAttribute("href");
    const venueName = await page.locator("#map a.mk").first().getAttribute("aria-label");
    await off.setOffline(true);
    try {
      await page.goto(origin + path, { waitUntil: "load" });
      const markers = await page.locator("#map a.mk, #map a.mk-g").count();
      if (markers !== plain.markers) fail("map-offline", `offline the map shows ${markers} markers of ${plain.markers}`);
      await shot(page, "map-offline.png");
      await page.goto(origin + venue, { waitUntil: "load" });
      const title = await page.locator("h1").textContent();
      if (!venueName.startsWith(title.trim())) fail("map-offline", `offline ${venue} shows «${title}»`);
      if (!(await page.locator("#mini").count())) fail("map-offline", `offline ${venue} has no small map`);
    } catch (e) {
      fail("map-offline", e.message.split("\n")[0]);
    }
  }
  await off.close();
  return failures;
}
