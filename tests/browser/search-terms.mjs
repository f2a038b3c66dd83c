// Prints, as JSON, the terms the search page's own script makes of each word in a JSON list
// (in headless Chromium, on the built search page). tests/search.rs compares them with the
// index's terms.
//
//   node tests/browser/search-terms.mjs --site public --words words.json
import { readFile } from "node:fs/promises";
import { launch } from "./check-site.mjs";
import { serve } from "./serve.mjs";

const argv = process.argv.slice(2);
const site = argv[argv.indexOf("--site") + 1];
const words = JSON.parse(await readFile(argv[argv.indexOf("--words") + 1], "utf8"));
const server = await serve(site);
const browser = await launch();
const page = await browser.newPage();
await page.goto(server.origin + "/poshuk/");
await page.waitForFunction(() => window.hromadaSearchText && window.hromadaSearchText.search);
const terms = await page.evaluate((ws) => ws.map((w) => window.hromadaSearchText.terms(w)), words);
console.log(JSON.stringify(terms));
await browser.close();
await server.close();
