// Search cost on a built site, in headless Chromium with the CPU slowed 4× (a slow phone):
// the bytes a first query downloads, and the time of a first (cold: index fetched) and a
// repeated (warm) query. For BENCHMARKS.md.
//
//   node tests/browser/search-bench.mjs --site public [--cpu 4] "дія підпис" "цнап онлайн" …
import { launch } from "./check-site.mjs";
import { serve } from "./serve.mjs";

const argv = process.argv.slice(2);
let site = "public";
let cpu = 4;
const queries = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--site") site = argv[++i];
  else if (argv[i] === "--cpu") cpu = Number(argv[++i]);
  else queries.push(argv[i]);
}
const server = await serve(site);
const browser = await launch();
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cold = [];
const warm = [];
const bytes = [];
for (const q of queries) {
  const ctx = await browser.newContext({ serviceWorkers: "block" });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
  await page.goto(server.origin + "/poshuk/");
  await page.waitForFunction(() => window.hromadaSearchText && window.hromadaSearchText.search);
  const sizes = [];
  page.on("requestfinished", (r) => {
    if (r.url().includes("/poshuk/") && r.url().endsWith(".json")) sizes.push(r.sizes());
  });
  const t = await page.evaluate(async (q) => {
    const s = window.hromadaSearchText.search;
    let t0 = performance.now();
    const r = await s(q);
    const first = performance.now() - t0;
    t0 = performance.now();
    await s(q);
    return { first, again: performance.now() - t0, n: r.total };
  }, q);
  await page.waitForTimeout(100);
  let b = 0;
  for (const s of await Promise.all(sizes)) b += s.responseBodySize + s.responseHeadersSize;
  cold.push(t.first);
  warm.push(t.again);
  bytes.push(b);
  console.log(`«${q}»: ${t.n} results, first ${t.first.toFixed(1)} ms, again ${t.again.toFixed(1)} ms, downloaded ${(b / 1024).toFixed(1)} KB`);
  await ctx.close();
}
console.log(
  `median over ${queries.length} queries, CPU ${cpu}× slower: first query ${median(cold).toFixed(1)} ms, repeated ${median(warm).toFixed(1)} ms, first query downloads ${(median(bytes) / 1024).toFixed(1)} KB (max ${(Math.max(...bytes) / 1024).toFixed(1)} KB)`
);
await browser.close();
await server.close();
