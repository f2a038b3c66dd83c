// Screenshots of a built site for people to look at: each page given at 360 px and 1280 px,
// in the light and dark schemes and with the reader's higher contrast.
//
//   node tests/browser/screenshots.mjs --site public --out target/screenshots / /instruktsii/diia-pidpys/
//   node tests/browser/screenshots.mjs --site public --element .map-figure /mapa/   (one element only)
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { launch } from "./check-site.mjs";
import { serve } from "./serve.mjs";

const argv = process.argv.slice(2);
let site = "public";
let out = "target/screenshots";
let element = null;
const paths = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--site") site = argv[++i];
  else if (argv[i] === "--out") out = argv[++i];
  else if (argv[i] === "--element") element = argv[++i];
  else paths.push(argv[i]);
}
if (!paths.length) paths.push("/");
await mkdir(out, { recursive: true });
const server = await serve(resolve(site));
const browser = await launch();
for (const path of paths) {
  for (const width of [360, 1280]) {
    for (const mode of ["light", "dark", "contrast", "large"]) {
      const ctx = await browser.newContext({
        viewport: { width, height: width < 600 ? 780 : 900 },
        colorScheme: mode === "dark" ? "dark" : "light",
        serviceWorkers: "block",
      });
      const page = await ctx.newPage();
      await page.goto(server.origin + path, { waitUntil: "load" });
      if (mode === "contrast") {
        await page.evaluate(() => document.documentElement.classList.add("reader-contrast"));
      }
      if (mode === "large") {
        await page.evaluate(() => document.documentElement.classList.add("reader-large"));
      }
      const name = (path.replace(/\//g, "_").replace(/^_|_$/g, "") || "home") + `-${width}-${mode}.png`;
      if (element) await page.locator(element).first().screenshot({ path: join(out, name) });
      else await page.screenshot({ path: join(out, name), fullPage: width < 600 ? false : true });
      await ctx.close();
      console.log(join(out, name));
    }
  }
}
await browser.close();
await server.close();
