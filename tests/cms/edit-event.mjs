// The editors' page for real: serves a built site, starts decap-server (Decap CMS's local
// backend, in git mode: a save is a commit) on the site's repository, opens /admin/ in
// headless Chromium, adds an event through the form and publishes it. Prints one JSON line
// (`cms result: {...}`) with what axe-core found on the CMS's pages; the Rust test
// (tests/cms.rs) reads the repository back and checks the YAML with hromada.
//
//   node edit-event.mjs --site DIR --out DIR --port N --event JSON [--shots DIR]
import { spawn } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serve } from "../browser/serve.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

function args() {
  const a = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) a[argv[i].replace(/^--/, "")] = argv[i + 1];
  for (const k of ["site", "out", "port", "event"]) {
    if (!a[k]) throw new Error(`--${k} is required`);
  }
  a.event = JSON.parse(a.event);
  return a;
}

/** decap-server on `port`, committing to the repository `site`; resolves once it listens. */
function decapServer(site, port) {
  const child = spawn(process.execPath, [require.resolve("decap-server")], {
    env: { ...process.env, PORT: String(port), MODE: "git", GIT_REPO_DIRECTORY: site, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  return new Promise((ok, fail) => {
    const seen = (d) => {
      log += d;
      if (/listening on/.test(log)) ok({ child, log: () => log });
    };
    child.stdout.on("data", seen);
    child.stderr.on("data", seen);
    child.once("exit", (code) => fail(new Error(`decap-server exited (${code}): ${log}`)));
  });
}

/** axe-core's WCAG 2.1 A/AA violations on the page as it is now. */
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    // Evaluated by the debugging protocol, which the page's policy does not govern (an
    // inline <script> would be refused, as it should be).
    await page.evaluate(AXE_SOURCE);
  }
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
      resultTypes: ["violations"],
    });
    return r.violations.map((v) => ({
      id: v.id,
      help: v.help,
      count: v.nodes.length,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
}

/** The input of the field labelled `label` inside `scope` (the CMS adds a note to the
 * labels of optional fields). */
function field(scope, label) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return scope.getByLabel(new RegExp(`^${escaped}( \\(.*\\))?$`)).first();
}

/** Picks `option` in the react-select of the field labelled `label`. */
async function choose(page, scope, label, option) {
  const input = field(scope, label);
  await input.click();
  await input.fill(option);
  await page.getByRole("option", { name: option, exact: true }).first().click();
}

async function main() {
  const a = args();
  const server = await serve(a.out);
  const decap = await decapServer(a.site, Number(a.port));
  const browser = await chromium.launch({
    executablePath: process.env.HROMADA_CHROMIUM || "/usr/bin/chromium",
  });
  const result = { axe: {}, console: [] };
  let page;
  try {
    const context = await browser.newContext({
      locale: "uk-UA",
      timezoneId: "Europe/Kyiv",
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error") result.console.push(m.text());
    });
    const shot = async (name) => {
      if (!a.shots) return;
      await mkdir(a.shots, { recursive: true });
      await page.screenshot({ path: join(a.shots, `${name}.png`) });
    };
    const admin = `${server.origin.replace("127.0.0.1", "localhost")}/admin/`;
    await page.goto(admin);
    await page.getByRole("button", { name: "Увійти" }).click();
    await page.getByRole("link", { name: "Події" }).first().waitFor();
    result.axe.collections = await axe(page);
    await shot("admin-1-zbirky");

    await page.goto(`${admin}#/collections/podii/entries/podii`);
    const add = page.getByRole("button", { name: /Додати/ }).first();
    await add.waitFor();
    await shot("admin-2-podii");
    await add.click();
    const e = a.event;
    const item = page.locator("[data-testid='list-item-objects'], .list-item").first();
    const scope = (await item.count()) ? item : page;
    await field(scope, "Назва").fill(e.title);
    await field(scope, "Адреса сторінки (латиницею)").fill(e.id);
    await choose(page, scope, "Вид події", e.kind_label);
    await field(scope, "Початок (час у Києві)").fill(e.start_input);
    await field(scope, "Кінець (час у Києві)").fill(e.end_input);
    await choose(page, scope, "Місце", e.venue_label);
    for (const label of e.audience_labels) await choose(page, scope, "Для кого", label);
    await field(scope, "Хто проводить").fill(e.organizer);
    result.axe.editor = await axe(page);
    await field(scope, "Назва").scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, -200);
    await shot("admin-3-nova-podiia");

    await page.getByRole("button", { name: "Опублікувати" }).first().click();
    const now = page.getByRole("menuitem", { name: "Опублікувати" });
    if (await now.count()) await now.first().click();
    await page.getByText("Запис збережений").first().waitFor({ timeout: 30000 });
    await shot("admin-4-zberezheno");
  } catch (e) {
    if (page && a.shots) await page.screenshot({ path: join(a.shots, "failed.png"), fullPage: true }).catch(() => {});
    if (page) {
      const errors = await page.locator("ul[class*='ControlErrorsList'] li, [role='alert']").allInnerTexts().catch(() => []);
      console.error(`the CMS says: ${JSON.stringify(errors)}`);
    }
    throw e;
  } finally {
    await browser.close();
    decap.child.kill();
    await server.close();
  }
  console.log(`cms result: ${JSON.stringify(result)}`);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
