// Real queries against the example site's search page in headless Chromium: each must put
// the expected page first. Typos, word forms, apostrophes, Latin transliteration, phrases.
//
//   node tests/browser/search-queries.mjs --site public
import { launch } from "./check-site.mjs";
import { serve } from "./serve.mjs";

export const QUERIES = [
  // Word forms.
  ["як зробити електронний підпис", "/instruktsii/diia-pidpys/"],
  ["електронного підпису", "/instruktsii/diia-pidpys/"],
  ["підписом", "/instruktsii/diia-pidpys/"],
  ["паролі", "/instruktsii/nadiini-paroli-2fa/"],
  ["пароль", "/instruktsii/nadiini-paroli-2fa/"],
  ["двофакторна", "/instruktsii/nadiini-paroli-2fa/"],
  ["фейки", "/instruktsii/perevirka-novyn/"],
  ["встановити дію", "/instruktsii/diia-vstanovlennia/"],
  ["шахраї дзвінки", "/instruktsii/shakhraistvo-dzvinky-sms/"],
  ["дитина в інтернеті", "/instruktsii/dytyna-onlain/"],
  // Typos (one edit, words of 5+ letters).
  ["електроний підпис", "/instruktsii/diia-pidpys/"],
  ["пидпис", "/instruktsii/diia-pidpys/"],
  ["цифрограмм", "/instruktsii/tsyfrohram/"],
  ["гарячя лінія", "/hariacha-liniia/"],
  ["бібліотека", "/mistsia/tsentralna-biblioteka/"],
  // Apostrophes of every kind.
  ["з'явитися", "/instruktsii/diia-pidpys/"],
  ["зʼявитися", "/instruktsii/diia-pidpys/"],
  ["з’явитися", "/instruktsii/diia-pidpys/"],
  ["компʼютерна грамотність", "/podii/kurs-poghlyblenyi/"],
  // Typed in Latin letters.
  ["diia pidpys", "/instruktsii/diia-pidpys/"],
  ["vstanovyty diiu", "/instruktsii/diia-vstanovlennia/"],
  ["tsnap onlain", "/instruktsii/tsnap-onlain/"],
  ["tsyfrohram", "/instruktsii/tsyfrohram/"],
  ["videodzvinok", "/instruktsii/videodzvinky/"],
  // Two words and phrases.
  ["цнап онлайн", "/instruktsii/tsnap-onlain/"],
  ["черга в цнап", "/instruktsii/tsnap-onlain/"],
  ["безпечні оплати", "/instruktsii/bezpechni-oplaty/"],
  ["курси дія освіта", "/instruktsii/bezkoshtovni-kursy/"],
  ["електронні документи", "/instruktsii/e-dokumenty/"],
  ["фейк новини", "/instruktsii/perevirka-novyn/"],
  ["форум старшого віку", "/podii/forum-starshoho-viku-2026/"],
  ["смартфон для старших", "/podii/kurs-smartfon-dlia-starshykh/"],
  ["центр доступу", "/mistsia/tsentr-dostupu-lelekivka/"],
  ["code club", "/mistsia/code-club-balashivka/"],
  ["відкриті дані", "/vidkryti-dani/"],
  ["де навчитися", "/mistsia/"],
  // Residents' words (src/synonyms.rs, and the site's data/synonyms.yaml): a whole audience
  // is «Люди старшого віку», and nothing on the site says «пенсіонер».
  ["пенсіонерів", "/dlia-koho/seniors/"],
  ["для пенсіонерів", "/dlia-koho/seniors/"],
  ["літніх людей", "/dlia-koho/seniors/"],
  ["ецп", "/instruktsii/diia-pidpys/"],
  ["аферисти", "/instruktsii/shakhraistvo-dzvinky-sms/"],
  ["переселенців", "/dlia-koho/idp/"],
  ["прозорий офіс", "/instruktsii/tsnap-onlain/"],
  ["тест на цифрову грамотність", "/instruktsii/tsyfrohram/"],
  // As it is being typed: the last word is a prefix.
  ["електр", "/instruktsii/e-dokumenty/"],
  ["лелеків", "/mistsia/tsentr-dostupu-lelekivka/"],
];

async function main() {
  const argv = process.argv.slice(2);
  const site = argv[argv.indexOf("--site") + 1] || "public";
  const server = await serve(site);
  const browser = await launch();
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(server.origin + "/poshuk/");
  let failed = 0;
  const times = [];
  for (const [query, expected] of QUERIES) {
    // Typed as a resident types: the box fills, results follow.
    await page.fill("#search-q", "");
    const started = Date.now();
    await page.fill("#search-q", query);
    const got = await page
      .waitForFunction(
        (q) => {
          const list = document.getElementById("search-results");
          const first = list.querySelector("li a");
          return list.getAttribute("data-query") === q && (first ? first.getAttribute("href") : "none");
        },
        query,
        { timeout: 5000 }
      )
      .then((h) => h.jsonValue())
      .catch(() => "timeout");
    times.push(Date.now() - started);
    const ok = got === expected;
    if (!ok) failed++;
    console.log(`${ok ? "ok  " : "FAIL"} «${query}» → ${got}${ok ? "" : ` (expected ${expected})`}`);
  }
  // A word found in a synonym's stead is marked: «пенсіонерів» marks «старшого віку».
  await page.fill("#search-q", "");
  await page.fill("#search-q", "пенсіонерів");
  await page.waitForFunction(() => document.getElementById("search-results").getAttribute("data-query") === "пенсіонерів");
  const marks = await page.$$eval("#search-results li:first-child mark", (ms) => ms.map((m) => m.textContent));
  if (!marks.includes("старшого") || !marks.includes("віку")) {
    failed++;
    console.log(`FAIL «пенсіонерів» marks ${JSON.stringify(marks)} in its first result, not «старшого віку»`);
  }
  // The count is announced to screen readers, and arrow keys reach the results.
  const live = await page.getAttribute("#search-status", "aria-live");
  if (live !== "polite") {
    failed++;
    console.log("FAIL the result count is not in a polite live region");
  }
  await page.focus("#search-q");
  await page.keyboard.press("ArrowDown");
  const focused = await page.evaluate(() => document.activeElement.closest("#search-results") !== null);
  if (!focused) {
    failed++;
    console.log("FAIL ArrowDown from the search box does not reach the results");
  }
  for (const e of errors) {
    failed++;
    console.log(`FAIL console: ${e}`);
  }
  times.sort((a, b) => a - b);
  console.log(
    `search queries: ${QUERIES.length}, ${failed} failures; time to results median ${times[Math.floor(times.length / 2)]} ms (incl. 120 ms typing pause)`
  );
  await browser.close();
  await server.close();
  process.exit(failed ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
}
