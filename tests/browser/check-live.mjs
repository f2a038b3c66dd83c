// The preview's reload script in a real browser: `hromada serve` must already run on --url
// for the site in --root. Edits a page's file and waits for the open page to reload with
// the new text; breaks data/venues.yaml and waits for the error panel (named, with the
// file and the line, inside the page's own CSP); fixes it and waits for the panel to go.
//
//   node tests/browser/check-live.mjs --url http://127.0.0.1:8000 --root SITE --page /instruktsii/diia-pidpys/ [--shots DIR]
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { launch } from "./check-site.mjs";

const argv = process.argv.slice(2);
const arg = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : null;
};
const url = arg("--url");
const root = arg("--root");
const pagePath = arg("--page") || "/";
const shots = arg("--shots");
const failures = [];
const fail = (m) => failures.push(m);

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 360, height: 780 } });
const cspErrors = [];
page.on("console", (m) => {
  if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
});
await page.goto(url + pagePath);
// The script is there and has opened its event stream.
await page.waitForFunction(() => !!document.querySelector('script[src="/__hromada/live.js"]'));
await page.waitForTimeout(500);

// 1. An edit reloads the page with the new text.
const file = join(root, "content/instruktsii/diia-pidpys.md");
const text = await readFile(file, "utf8");
const marker = "Абзац, доданий під час перегляду в браузері.";
const reloaded = page.waitForEvent("load", { timeout: 30000 }).catch(() => null);
await writeFile(file, text + "\n" + marker + "\n");
if (!(await reloaded)) fail("reload: the page did not reload after the edit");
else if (!(await page.content()).includes(marker)) fail("reload: the reloaded page lacks the new text");

// 2. A broken YAML file: the error panel, over the last good page.
const venuesFile = join(root, "data/venues.yaml");
const venues = await readFile(venuesFile, "utf8");
await writeFile(venuesFile, venues.replace("printing]", "printing"));
const panel = page.locator(".hromada-overlay");
try {
  await panel.waitFor({ state: "visible", timeout: 30000 });
  const said = await panel.innerText();
  for (const needle of ["data/venues.yaml:19:16", "E0101", "accessibility: [step-free", "Сайт не зібрано: 1 помилка", "Цей YAML не читається", "Порада: перевірте відступи"]) {
    if (!said.includes(needle)) fail(`panel: does not say «${needle}»: ${said.slice(0, 300)}`);
  }
  if ((await panel.getAttribute("role")) !== "alert") fail("panel: not announced (role=alert)");
  if (!(await page.content()).includes(marker)) fail("panel: the last good page is not under it");
  if (shots) {
    await mkdir(shots, { recursive: true });
    await page.screenshot({ path: join(shots, "live-errors-360.png"), fullPage: false });
  }
} catch (e) {
  fail("panel: no error panel after breaking data/venues.yaml: " + e.message.split("\n")[0]);
}

// 3. Fixed: the panel goes by itself.
await writeFile(venuesFile, venues);
try {
  await panel.waitFor({ state: "detached", timeout: 30000 });
} catch (e) {
  fail("panel: still shown after the fix");
}
if (cspErrors.length) fail("csp: " + cspErrors.join("; "));
await browser.close();
if (failures.length) {
  console.log(failures.join("\n"));
  process.exit(1);
}
console.log("live preview: reload, error panel and its clearing work");
