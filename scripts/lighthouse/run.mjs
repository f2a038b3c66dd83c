// Lighthouse (mobile, its default simulated slow 4G and CPU) on pages of a built site,
// served on 127.0.0.1 by the browser suite's server. Prints a Markdown table for
// BENCHMARKS.md. Run by scripts/lighthouse.sh, which builds the site for the right address.
//
//   node scripts/lighthouse/run.mjs --site DIR --port 8790 / /instruktsii/diia-pidpys/
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { readFile } from "node:fs/promises";
import { serve } from "../../tests/browser/serve.mjs";
import { CHROMIUM_FLAGS } from "../../tests/browser/check-site.mjs";

const LIGHTHOUSE = JSON.parse(
  await readFile(new URL("./node_modules/lighthouse/package.json", import.meta.url), "utf8")
).version;

const argv = process.argv.slice(2);
let site = "public";
let port = 8790;
const paths = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--site") site = argv[++i];
  else if (argv[i] === "--port") port = Number(argv[++i]);
  else paths.push(argv[i]);
}
const server = await serve(site, port);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.HROMADA_CHROMIUM || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", ...CHROMIUM_FLAGS],
});
const rows = [];
let failed = false;
for (const path of paths) {
  const result = await lighthouse(server.origin + path, {
    port: chrome.port,
    output: "json",
    logLevel: "error",
    onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
  });
  const lhr = result.lhr;
  const score = (c) => Math.round((lhr.categories[c]?.score ?? 0) * 100);
  const scores = ["performance", "accessibility", "best-practices", "seo"].map(score);
  const weight = lhr.audits["total-byte-weight"].numericValue;
  const lcp = lhr.audits["largest-contentful-paint"].numericValue;
  const requests = lhr.audits["network-requests"].details?.items?.length ?? 0;
  rows.push(`| ${path} | ${scores.join(" | ")} | ${(weight / 1024).toFixed(1)} KB | ${requests} | ${(lcp / 1000).toFixed(2)} s |`);
  if (scores[0] < 95 || scores.slice(1).some((s) => s < 100)) {
    failed = true;
    for (const [id, a] of Object.entries(lhr.audits)) {
      if (a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "manual") {
        console.error(`${path}: ${id}: ${a.title}${a.displayValue ? ` (${a.displayValue})` : ""}`);
      }
    }
  }
}
await chrome.kill();
await server.close();
console.log(`Lighthouse ${LIGHTHOUSE} (mobile: simulated slow 4G, 4× CPU slowdown), ${await chrome.process?.spawnfile ?? "chromium"}`);
console.log("");
console.log("| page | performance | accessibility | best practices | SEO | transfer | requests | LCP |");
console.log("|---|---|---|---|---|---|---|---|");
for (const r of rows) console.log(r);
process.exit(failed ? 1 : 0);
